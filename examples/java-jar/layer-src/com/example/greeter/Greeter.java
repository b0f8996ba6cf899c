package com.example.greeter;

/** A library shipped as a jar in a layer: Lambda's Java runtime loads /opt/java/lib/*.jar. */
public final class Greeter {
  private Greeter() {}

  public static String greet(String name) {
    return "Hello, " + name + "! (from greeter.jar in a layer)";
  }
}

package layerlib;

/** Lives in a layer jar: /opt/java/lib/greeter.jar. */
public final class Greeter {
    private Greeter() {
    }

    public static String greet(String name) {
        return "hello " + name + " from " + Greeter.class.getProtectionDomain().getCodeSource().getLocation().getPath();
    }
}

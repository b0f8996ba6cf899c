package looseclass;

/** Compiled as a loose .class under /opt/java/lib/looseclass/: NOT on the class path (path bug 10). */
public final class Loose {
    private Loose() {
    }
}

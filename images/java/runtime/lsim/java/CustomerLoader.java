package lsim.java;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The function's class loader. URLs, in order: the task root directory, then the *.jar files directly
 * in TASK/lib (lexical order), then the *.jar files directly in /opt/java/lib (lexical order).
 * Subdirectories and loose .class files under /opt/java/lib are not on it (as on Lambda).
 *
 * Where the JVM is newer than the runtime id's Java (java8.al2 runs OpenJDK 11, docs/deviations.md#java8al2),
 * a class file newer than the runtime id's Java is refused here with the words that Java's own JVM uses, so
 * what Lambda's Java 8 refuses is refused in lsim too.
 */
final class CustomerLoader extends URLClassLoader {
    static {
        registerAsParallelCapable();
    }

    /** The newest class file major version the runtime id's Java loads, or 0 when this JVM's own limit is that. */
    private final int classFileCeiling;

    CustomerLoader(String taskRoot, String optJavaRoot, ClassLoader parent, int classFileCeiling) throws MalformedURLException {
        super(urls(taskRoot, optJavaRoot), parent); // unnamed: stack frames read "pkg.Class.method(File.java:N)"
        this.classFileCeiling = classFileCeiling;
    }

    /**
     * The class file ceiling of the Java that AWS_EXECUTION_ENV names (AWS_Lambda_java8.al2: Java 8, 52), or 0
     * when this JVM enforces the same one itself. Class file majors are the Java major plus 44 (JVMS 4.1).
     */
    static int classFileCeiling(String executionEnv) {
        String prefix = "AWS_Lambda_java";
        if (executionEnv == null || !executionEnv.startsWith(prefix)) {
            return 0;
        }
        String rest = executionEnv.substring(prefix.length());
        int end = 0;
        while (end < rest.length() && Character.isDigit(rest.charAt(end))) {
            end++;
        }
        if (end == 0) {
            return 0;
        }
        int wanted = Integer.parseInt(rest.substring(0, end)) + 44;
        int own = (int) Double.parseDouble(System.getProperty("java.class.version", "0"));
        return wanted < own ? wanted : 0;
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        if (classFileCeiling > 0) {
            String path = name.replace('.', '/') + ".class";
            URL resource = findResource(path);
            if (resource != null) {
                refuseIfNewer(name.replace('.', '/'), resource);
            }
        }
        return super.findClass(name);
    }

    private void refuseIfNewer(String internalName, URL resource) {
        byte[] head = new byte[8];
        try (InputStream in = resource.openStream()) {
            int read = 0;
            while (read < head.length) {
                int n = in.read(head, read, head.length - read);
                if (n < 0) {
                    return; // too short to be a class file: defineClass reports it as the JVM does
                }
                read += n;
            }
        } catch (IOException e) {
            return; // super.findClass reads it again and reports the failure
        }
        int minor = ((head[4] & 0xff) << 8) | (head[5] & 0xff);
        int major = ((head[6] & 0xff) << 8) | (head[7] & 0xff);
        if (major > classFileCeiling) {
            throw new UnsupportedClassVersionError(internalName
                    + " has been compiled by a more recent version of the Java Runtime (class file version " + major + "." + minor
                    + "), this version of the Java Runtime only recognizes class file versions up to " + classFileCeiling + ".0");
        }
    }

    static URL[] urls(String taskRoot, String optJavaRoot) throws MalformedURLException {
        List<URL> urls = new ArrayList<>();
        urls.add(fileUrl(taskRoot + "/"));
        addJars(new File(taskRoot, "lib"), urls);
        addJars(new File(optJavaRoot, "lib"), urls);
        return urls.toArray(new URL[0]);
    }

    private static void addJars(File dir, List<URL> urls) throws MalformedURLException {
        String[] names = dir.isDirectory() ? dir.list() : null;
        if (names == null) {
            return;
        }
        Arrays.sort(names); // lexical, independent of the filesystem's order
        for (String name : names) {
            if (name.endsWith(".jar")) {
                urls.add(fileUrl(dir.getPath() + "/" + name));
            }
        }
    }

    private static URL fileUrl(String path) throws MalformedURLException {
        return new URL("file", null, -1, path);
    }
}

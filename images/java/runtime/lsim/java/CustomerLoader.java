package lsim.java;

import java.io.File;
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
 */
final class CustomerLoader extends URLClassLoader {
    static {
        registerAsParallelCapable();
    }

    CustomerLoader(String taskRoot, String optJavaRoot, ClassLoader parent) throws MalformedURLException {
        super(urls(taskRoot, optJavaRoot), parent); // unnamed: stack frames read "pkg.Class.method(File.java:N)"
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

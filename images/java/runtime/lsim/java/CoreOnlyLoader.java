package lsim.java;

import java.io.IOException;
import java.net.URL;
import java.util.Collections;
import java.util.Enumeration;

/**
 * Parent of the customer class loader: the Java platform plus the aws-lambda-java-core classes
 * (package com.amazonaws.services.lambda.runtime and its subpackages, as far as the runtime's own
 * aws-lambda-java-core.jar defines them). The runtime's own classes and its Jackson stay invisible, so
 * a function that ships its own Jackson (or anything else) never clashes with the runtime's copy, while
 * RequestHandler, Context, ... are the very classes the runtime uses, even if the function's jar bundles
 * another copy of aws-lambda-java-core (parent first, as on Lambda).
 */
final class CoreOnlyLoader extends ClassLoader {
    static final String CORE_PACKAGE = "com.amazonaws.services.lambda.runtime.";
    private static final String CORE_PATH = CORE_PACKAGE.replace('.', '/');

    static {
        registerAsParallelCapable();
    }

    private final ClassLoader runtimeLoader;

    CoreOnlyLoader(ClassLoader runtimeLoader) {
        super(ClassLoader.getPlatformClassLoader());
        this.runtimeLoader = runtimeLoader;
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        if (name.startsWith(CORE_PACKAGE)) {
            return runtimeLoader.loadClass(name); // ClassNotFoundException: the child looks in the function's jars
        }
        throw new ClassNotFoundException(name);
    }

    @Override
    protected URL findResource(String name) {
        return name.startsWith(CORE_PATH) ? runtimeLoader.getResource(name) : null;
    }

    @Override
    protected Enumeration<URL> findResources(String name) throws IOException {
        return name.startsWith(CORE_PATH) ? runtimeLoader.getResources(name) : Collections.emptyEnumeration();
    }
}

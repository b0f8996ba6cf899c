#!/bin/sh
# Compiles the example inside lsim's java image (it has a JDK and the aws-lambda-java-core interfaces),
# so no JDK is needed on the host: build/layer/java/lib/greeter.jar and build/function/example/*.class.
set -eu
cd "$(dirname "$0")"
image=$(node ../../bin/lsim.js images build --runtime java | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).Images[0].Tag))')
rm -rf build && mkdir -p build/layer/java/lib build/function build/classes
docker run --rm --user "$(id -u):$(id -g)" -v "$PWD:/src" -w /src --entrypoint sh "$image" -c '
  javac --release 11 -d build/classes layer-src/com/example/greeter/Greeter.java &&
  jar cf build/layer/java/lib/greeter.jar -C build/classes com &&
  javac --release 11 -cp /var/runtime/lib/aws-lambda-java-core.jar:build/layer/java/lib/greeter.jar \
    -d build/function function-src/example/Handler.java'
rm -rf build/classes

#!/bin/sh
# Compiles the java smoke sources into build/code (the function: loose classes at the task root) and
# build/layer (a layer tree: java/lib/greeter.jar, plus java/lib/looseclass/Loose.class that must NOT be
# found). Uses the host's javac (11+) or, without one, the javac of the lsim-base:dev image.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
core=$(cd "$here/../core" && pwd)
if ! command -v javac >/dev/null 2>&1; then
  exec docker run --rm -u "$(id -u):$(id -g)" -v "$here:$here" -v "$core:$core:ro" -w "$here" \
    "${LSIM_JAVA_BUILD_IMAGE:-lsim-base:dev}" sh ./build.sh
fi
out=$here/build
rm -rf "$out"
mkdir -p "$out/core" "$out/code" "$out/layer/java/lib/looseclass" "$out/greeter"
javac --release 11 -nowarn -d "$out/core" $(find "$core" -name '*.java')
javac --release 11 -nowarn -d "$out/greeter" $(find "$here/src/layerjar" -name '*.java')
jar --create --file "$out/layer/java/lib/greeter.jar" -C "$out/greeter" .
javac --release 11 -nowarn -d "$out/layer/java/lib" $(find "$here/src/loose" -name '*.java')
javac --release 11 -nowarn -cp "$out/core:$out/greeter" -d "$out/code" $(find "$here/src/code" -name '*.java')
rm -rf "$out/core" "$out/greeter"
echo "built $out/code and $out/layer"

#!/bin/sh
# Runs in the python rootfs build once the essential packages are in, before the interpreter and boto3
# (src/images/image-tags.ts, RootfsHooks). Debian's maintainer scripts byte-compile each package as it
# is set up, one interpreter start per package and every file of python3-boto3's dependencies included
# (requests, certifi...), which customize-hook.sh then deletes; under QEMU that is minutes of emulated
# Python (docs/image-builds.md#arm64). Both compilers the scripts call are diverted to no-ops here, and
# customize-hook.sh puts them back and compiles what the image keeps, once.
set -eu
py=$LSIM_PYTHON
for file in /usr/bin/py3compile "/usr/lib/$py/py_compile.py"; do
  dpkg-divert --quiet --local --rename --divert "$file.lsim" --add "$file"
  mkdir -p "${file%/*}"
done
printf '#!/bin/sh\nexit 0\n' > /usr/bin/py3compile
chmod 0755 /usr/bin/py3compile
# python3.X-minimal's and python3.X's postinst run this file as a script on the standard library's files.
printf '' > "/usr/lib/$py/py_compile.py"

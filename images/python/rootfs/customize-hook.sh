#!/bin/sh
# Runs in the python rootfs build once every package is in (src/images/image-tags.ts, RootfsHooks).
# Moves boto3 and its dependencies from Debian's dist-packages to where Lambda keeps them (the first of
# LSIM_SDK_DIRS; the others get links to it), with their .dist-info, and removes the rest of dist-packages
# (requests, certifi...: python3-boto3's Debian-only dependencies, which Lambda does not ship). Done here,
# in the rootfs, rather than in the Dockerfile: a move in a later layer would keep every file twice
# (docs/image-builds.md). Then byte-compiles, once, what essential-hook.sh kept Debian's scripts from compiling.
set -eu
py=$LSIM_PYTHON
modules=$LSIM_SDK_MODULES
# shellcheck disable=SC2086 # a list of folders without spaces
set -- $LSIM_SDK_DIRS
first=$1
dist=/usr/lib/python3/dist-packages
hooks=/tmp/lsim-rootfs

for file in /usr/bin/py3compile "/usr/lib/$py/py_compile.py"; do
  rm -f "$file"
  dpkg-divert --quiet --local --rename --remove "$file"
done

# Debian's botocore imports the real requests where upstream's (and Lambda's) imports its own vendored
# exception classes: put those back (images/python/rootfs/botocore-vendored) and point botocore at them.
if grep -q '^import requests$' "$dist/botocore/exceptions.py"; then
  mkdir -p "$dist/botocore/vendored"
  cp -R "$hooks/botocore-vendored/." "$dist/botocore/vendored/"
  sed -i -e 's/^import requests$/from botocore.vendored import requests/' \
    -e 's/^from requests.packages import urllib3$/from botocore.vendored.requests.packages import urllib3/' \
    "$dist/botocore/exceptions.py"
fi
for dir in "$@"; do mkdir -p "$dir"; done
for module in $modules; do
  # A trailing `?` marks a module only some suites' boto3 still needs (six, gone from sid's).
  optional=
  case "$module" in *\?) optional=1; module=${module%\?} ;; esac
  found=
  for path in "$dist/$module" "$dist/$module.py" "$dist/$module"-*.dist-info "$dist/$module"-*.egg-info; do
    [ -e "$path" ] || continue
    found=1
    mv "$path" "$first/"
    for dir in "$@"; do
      [ "$dir" = "$first" ] || ln -s "$first/${path##*/}" "$dir/${path##*/}"
    done
  done
  if [ -z "$found" ] && [ -z "$optional" ]; then
    echo "customize-hook.sh: $module is not in $dist" >&2
    exit 1
  fi
done
rm -rf "${dist:?}"/*
# What python3.X-minimal's and python3.X's postinst compile (their packages' .py files in the standard
# library) and what py3compile would have for boto3's packages, in one interpreter with a worker per CPU.
# -E -S: as the postinsts run it, unaffected by the environment and site-packages.
dpkg -L "lib$py-minimal" "lib$py-stdlib" | grep "^/usr/lib/$py/.*\.py\$" | "/usr/bin/$py" -E -S -m compileall -q -j 0 -i -
"/usr/bin/$py" -E -S -m compileall -q -j 0 "$first"
chmod -R a+rX "$@"

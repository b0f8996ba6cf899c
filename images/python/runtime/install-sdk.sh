#!/bin/sh
# Moves boto3 and its dependencies from Debian's dist-packages to where Lambda keeps them (the first
# folder; the others get links to it), with their .dist-info, and removes the rest of dist-packages
# (requests, certifi...: python3-boto3's Debian-only dependencies, which Lambda does not ship).
# Usage: install-sdk.sh "boto3 botocore six? ..." DIR [DIR...]. Run by the python Dockerfile, then deleted.
set -eu
modules=$1
shift
first=$1
dist=/usr/lib/python3/dist-packages
# Debian's botocore imports the real requests where upstream's (and Lambda's) imports its own vendored
# exception classes: put those back (images/python/botocore-vendored) and point botocore at them.
if grep -q '^import requests$' "$dist/botocore/exceptions.py"; then
  mkdir -p "$dist/botocore/vendored"
  cp -R /tmp/lsim-botocore-vendored/. "$dist/botocore/vendored/"
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
    echo "install-sdk.sh: $module is not in $dist" >&2
    exit 1
  fi
done
rm -rf "${dist:?}"/*
chmod -R a+rX "$@"

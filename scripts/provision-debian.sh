#!/usr/bin/env bash
# One-time machine setup on Debian, as root: what lsim and its tests need from the system, and a
# running Docker engine. Installs only what is missing; starts dockerd only when no engine answers
# (DOCKER_HOST included). .ci/run calls it on every CI machine.
set -euo pipefail

need=()
command -v dockerd >/dev/null 2>&1 || need+=(docker.io)
command -v mmdebstrap >/dev/null 2>&1 || need+=(mmdebstrap)
command -v unzip >/dev/null 2>&1 || need+=(unzip)
command -v zip >/dev/null 2>&1 || need+=(zip)
# The tests drive the real aws CLI against `lsim serve`, and compile a native tool for a layer.
command -v aws >/dev/null 2>&1 || need+=(awscli)
command -v gcc >/dev/null 2>&1 || need+=(gcc libc6-dev)
# examples/pytest-boto3 runs on Debian's python3 with its boto3 and pytest (test/integration/examples.test.ts).
/usr/bin/python3 -c 'import boto3, pytest' >/dev/null 2>&1 || need+=(python3-boto3 python3-pytest)
# A registry on loopback for the AWS base image tests (test/helpers/local-registry.ts): nothing is pulled from the internet.
command -v docker-registry >/dev/null 2>&1 || need+=(docker-registry)
# Each environment's /tmp is an ext4 disk, loop-mounted (docs/ephemeral-storage.md); lsim drops traffic between its
# containers with iptables where the engine does not (docs/security.md).
command -v mkfs.ext4 >/dev/null 2>&1 && command -v tune2fs >/dev/null 2>&1 || need+=(e2fsprogs)
command -v iptables >/dev/null 2>&1 || need+=(iptables)
# `npm run bench` loads lsim serve with wrk (bench/serve-bench.mjs); the tests do not need it.
command -v wrk >/dev/null 2>&1 || need+=(wrk)
# arm64 functions run under QEMU user emulation (docs/architectures.md).
[ -e /usr/lib/binfmt.d/qemu-aarch64.conf ] || need+=(qemu-user-static)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing ${need[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi

# Register aarch64 with binfmt_misc. The F (fix-binary) flag makes the kernel open the static QEMU now, so
# it runs inside containers, whose filesystems do not have it (docs/architectures.md). No systemd here to
# read /usr/lib/binfmt.d, so the line is written by hand; an existing entry without F is replaced.
binfmt=/proc/sys/fs/binfmt_misc
[ -e $binfmt/register ] || mount -t binfmt_misc binfmt_misc $binfmt
entry=$binfmt/qemu-aarch64
if [ -e $entry ] && ! grep -q '^flags: .*F' $entry; then echo -1 >$entry; fi
if [ ! -e $entry ]; then
  line=$(grep -v '^#' /usr/lib/binfmt.d/qemu-aarch64.conf | head -n 1)
  case "${line##*:}" in *F*) ;; *) line="${line}F" ;; esac
  printf '%s' "$line" >$binfmt/register
fi
grep -q '^enabled' $entry || echo 1 >$entry
echo "binfmt_misc: qemu-aarch64 $(sed -n 's/^flags: //p' $entry)"

engine_up() { docker version --format '{{.Server.Version}}' >/dev/null 2>&1; }
if ! engine_up; then
  log=/var/log/lsim-dockerd.log
  echo "starting dockerd (log: $log)"
  nohup dockerd >"$log" 2>&1 &
  for _ in $(seq 1 60); do
    engine_up && break
    sleep 1
  done
  engine_up || {
    echo "the Docker engine did not start; its log:"
    tail -n 50 "$log" || true
    exit 1
  }
fi
docker version --format 'engine {{.Server.Version}} (API {{.Server.APIVersion}})'

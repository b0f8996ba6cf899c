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
# A registry on loopback for the AWS base image tests (test/helpers/local-registry.ts): nothing is pulled from the internet.
command -v docker-registry >/dev/null 2>&1 || need+=(docker-registry)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing ${need[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi

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

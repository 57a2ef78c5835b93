#!/bin/bash
# Packs what tools/gpu-check/run.sh needs into .gpu/ (ignored): a small Java runtime (the GPU machine
# may have none), the experiments' runtime and test jars without the CPU libtorch (the GPU machine's own
# CUDA libtorch replaces it), and the two helper classes. Run from the repository root after
# `mvn -o -B install -DskipTests -pl db,experiments` and `mvn -o -q -pl experiments test-compile`.
set -euo pipefail
cd "$(dirname "$0")/../.."
rm -rf .gpu && mkdir -p .gpu/lib
mvn -o -q -pl experiments dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$PWD/.gpu/cp.txt"
tr ':' '\n' < .gpu/cp.txt | grep -v pytorch-native | xargs -I{} cp {} .gpu/lib/
rm .gpu/cp.txt
# the JUnit launcher is surefire's, not a project dependency: the same version as the platform
platform=$(ls .gpu/lib | sed -n 's/^junit-platform-engine-\(.*\)\.jar$/\1/p')
cp ~/.m2/repository/org/junit/platform/junit-platform-launcher/$platform/junit-platform-launcher-$platform.jar .gpu/lib/
javac -d .gpu -cp ".gpu/lib/*" tools/gpu-check/Probe.java tools/gpu-check/RunTests.java
jlink --add-modules java.base,java.compiler,java.desktop,java.logging,java.management,java.net.http,java.sql,java.xml,java.naming,jdk.unsupported,jdk.zipfs \
  --compress=2 --strip-debug --no-header-files --no-man-pages --output .gpu/jre
tar cJf .gpu/jre.tar.xz -C .gpu jre && rm -rf .gpu/jre
du -sh .gpu

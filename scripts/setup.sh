#!/usr/bin/env bash
# Installs everything PTO-WSP needs on Debian 12 from Debian's packages.
# Idempotent: packages already installed are left as they are.
set -euo pipefail

packages=(
  # LLVM/MLIR 22 (bookworm-security) and the compiler used for generated code
  libmlir-22-dev mlir-22-tools llvm-22-dev llvm-22-tools clang-22
  # build
  cmake ninja-build ccache
  # tests and benchmarks
  libgtest-dev python3 python3-dev python3-numpy python3-pytest pybind11-dev
  libopenblas-dev libtbb-dev
  # sanitizer and libFuzzer runtimes (scripts/sanitize.sh, scripts/fuzz.sh)
  libclang-rt-22-dev
)

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
    || missing+=("$package")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#packages[@]} packages already installed"
  exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
echo "setup: installing ${missing[*]}"
$sudo apt-get update -q
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"

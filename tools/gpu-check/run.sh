#!/bin/bash
# Device check (not part of the project): DJL's cu128 JNI on the machine's own CUDA libtorch, then the
# step benchmarks and the experiments test suite on the GPU.
set -u
cd "$(dirname "$0")/../.."
T0=$(date +%s); t() { echo "=== [$(( $(date +%s) - T0 ))s] $*"; }
OUT=${OUT:-/tmp/out}; mkdir -p $OUT
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader
TL=$(python3 -c "import torch,os;print(os.path.join(os.path.dirname(torch.__file__),'lib'))")
python3 -c "import torch;print('torch', torch.__version__, 'cuda', torch.version.cuda, 'cudnn', torch.backends.cudnn.version(), 'cxx11abi', torch.compiled_with_cxx11_abi())"
ls $TL | tr '\n' ' '; echo
CUDART=$(dirname "$(find /opt /usr/local -name 'libcudart.so*' 2>/dev/null | head -1)")
echo "cudart in $CUDART; system java: $(command -v java || echo none)"
mkdir -p /tmp/j && tar xJf .gpu/jre.tar.xz -C /tmp/j && export PATH=/tmp/j/jre/bin:$PATH && java -version 2>&1 | head -1
python3 - <<'PY'
import zipfile, glob
z = zipfile.ZipFile(glob.glob('.gpu/lib/pytorch-jni-*.jar')[0])
open('/tmp/jni.so', 'wb').write(z.read('jnilib/linux-x86_64/cu128/libdjl_torch.so'))
PY
if command -v nm >/dev/null; then
  nm -D --undefined-only /tmp/jni.so | awk '{print $2}' | grep -v @ | sort -u > /tmp/undef
  nm -D --defined-only $TL/*.so 2>/dev/null | awk '{print $3}' | sort -u > /tmp/def
  comm -23 /tmp/undef /tmp/def > /tmp/missing
  echo "JNI needs $(wc -l < /tmp/undef) unversioned symbols; missing from this libtorch: $(wc -l < /tmp/missing)"
  head -25 /tmp/missing | c++filt | cut -c1-200
fi
export PYTORCH_LIBRARY_PATH=$TL PYTORCH_VERSION=2.7.1 PYTORCH_FLAVOR=cu128 DJL_CACHE_DIR=/tmp/djl
CP=".gpu:.gpu/lib/*:experiments/target/classes:experiments/target/test-classes"
J="java -Xmx24g -Djna.library.path=$CUDART:/usr/local/cuda/lib64 -Dai.djl.offline=true -Dai.djl.pytorch.num_threads=8 -Dai.djl.pytorch.num_interop_threads=2 -cp $CP"
t probe; timeout 90 $J Probe 2>&1 | grep -v '^\s*at ' | tail -20
t stackgan steps; timeout 170 $J dev.telltale.experiments.bench.StepSpeedBenchmark --presets paper,cpu --steps 20 2>&1 | tee $OUT/stackgan-steps.log | grep -v '^\s*at ' | tail -15
t tganc steps; timeout 120 $J dev.telltale.experiments.bench.TganStepBenchmark --presets paper,cpu --steps 20 2>&1 | tee $OUT/tganc-steps.log | grep -v '^\s*at ' | tail -15
t tests; (cd experiments && timeout 170 java -Xmx24g -Djna.library.path=$CUDART:/usr/local/cuda/lib64 -Dai.djl.offline=true -Dai.djl.pytorch.num_threads=4 -Dai.djl.pytorch.num_interop_threads=1 -cp "../.gpu:../.gpu/lib/*:target/classes:target/test-classes" RunTests target/test-classes > $OUT/tests.log 2>&1; echo "rc $?")
grep -v '^\s*at \|^\s*\.\.\.' $OUT/tests.log | grep -E '^(FAILED|ABORTED|TESTS|   )' | cut -c1-300 | tail -60
t done

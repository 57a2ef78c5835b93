// Converter for make-digits.sh: node make-digits.js <digits-dir> <out.bin.gz> (format: see make-digits.sh).
'use strict';
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');

const [dir, out] = process.argv.slice(2);
if (!dir || !out) {
  console.error('usage: node make-digits.js <digits-dir> <out.bin.gz>');
  process.exit(2);
}
const PIXELS = 28 * 28;
const chunks = [];
let count = 0;
for (let label = 0; label < 10; label++) {
  const file = path.join(dir, label + '.json');
  const data = JSON.parse(fs.readFileSync(file, 'utf8')).data;
  if (!Array.isArray(data) || data.length % PIXELS !== 0) {
    throw new Error(file + ': expected a flat array of 784-value digits, got length ' + (data && data.length));
  }
  const n = data.length / PIXELS;
  const block = Buffer.alloc(n * (1 + PIXELS));
  for (let i = 0; i < n; i++) {
    const base = i * (1 + PIXELS);
    block[base] = label;
    for (let p = 0; p < PIXELS; p++) {
      const v = data[i * PIXELS + p];
      if (!(v >= 0 && v <= 1)) throw new Error(file + ': intensity out of [0,1] at digit ' + i + ': ' + v);
      block[base + 1 + p] = Math.round(v * 255);
    }
  }
  chunks.push(block);
  count += n;
}
const header = Buffer.alloc(20);
header.write('TTMD', 0, 'ascii');
header.writeUInt32BE(1, 4);
header.writeUInt32BE(count, 8);
header.writeUInt32BE(28, 12);
header.writeUInt32BE(28, 16);
const gz = zlib.gzipSync(Buffer.concat([header, ...chunks]), { level: 9 });
fs.writeFileSync(out, gz);
console.log('wrote ' + count + ' digits, ' + gz.length + ' bytes to ' + out);

#!/usr/bin/env bash
# Regenerates the audio test fixtures in this folder. Speech is synthesised with espeak-ng (its
# native rate is 22,050 Hz, so it has content up to 11 kHz to test the anti-aliasing), the
# reference resamplings are SoX's defaults (`sox in.wav -r 16000 out.wav`: rate -h, linear phase).
# Tools: espeak-ng, sox, lame (Debian packages). Run from anywhere; files land beside this script.
set -euo pipefail
cd "$(dirname "$0")"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

espeak-ng -v en-us -s 150 -w "$tmp/espeak.wav" "Ask not what your country can do for you."
sox "$tmp/espeak.wav" speech-22050.wav trim 0 2
sox speech-22050.wav -r 16000 speech-22050-sox16k.wav
sox speech-22050.wav -r 44100 "$tmp/44100.wav"
sox "$tmp/44100.wav" speech-44100.wav trim 0 1
sox speech-44100.wav -r 16000 speech-44100-sox16k.wav
sox speech-22050.wav -r 8000 "$tmp/8000.wav"
sox "$tmp/8000.wav" speech-8000.wav trim 0 1.5
sox speech-8000.wav -r 16000 speech-8000-sox16k.wav

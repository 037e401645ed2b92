#!/usr/bin/env bash
# Regenerates the audio test fixtures in this folder. Speech is synthesised with espeak-ng (its
# native rate is 22,050 Hz, so it has content up to 11 kHz to test the anti-aliasing), the
# reference resamplings are SoX's defaults (`sox in.wav -r 16000 out.wav`: rate -h, linear phase).
# Tools: espeak-ng, sox, lame (Debian packages). Run from anywhere; files land beside this script.
# SoX dithers its 16-bit output, so a rerun differs in the last bit: the committed files are the
# reference, regenerate them only together.
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
# Compressed formats: 1 s of the same speech, stereo for FLAC (L = speech, R = silence, so the mono
# mix is exactly half of the speech); LAME's own decoder gives the MP3 reference.
sox speech-22050.wav -c 2 speech-stereo.flac trim 0 1 remix 1 0
lame --quiet -b 64 speech-44100.wav speech-44100.mp3
lame --quiet --decode speech-44100.mp3 speech-44100-lame-decoded.wav
# Ogg Vorbis (libvorbis through SoX, quality 4): the 2 s mono speech, and 1 s stereo made like the FLAC.
sox speech-22050.wav -C 4 speech-22050.ogg
sox speech-22050.wav -c 2 -C 4 speech-stereo.ogg trim 0 1 remix 1 0

# Praat reference measurements for one 16 kHz WAV; prints one "name value" line per measure.
# Standard settings throughout (see docs/biomarkers.md); "--undefined--" when not measurable.
form Measure
    sentence path
endform
sound = Read from file: path$
duration = Get total duration

selectObject: sound
pitch = To Pitch: 0, 75, 600
f0_mean = Get mean: 0, 0, "Hertz"
f0_sd = Get standard deviation: 0, 0, "Hertz"
voiced = Count voiced frames
frames = Get number of frames

selectObject: sound
pulses = To PointProcess (periodic, cc): 75, 600
jitter = Get jitter (local): 0, 0, 0.0001, 0.02, 1.3
selectObject: sound, pulses
shimmer = Get shimmer (local): 0, 0, 0.0001, 0.02, 1.3, 1.6

selectObject: sound
harmonicity = To Harmonicity (cc): 0.01, 75, 0.1, 1.0
hnr = Get mean: 0, 0

selectObject: sound
intensity = To Intensity: 100, 0, "yes"
intensity_mean = Get mean: 0, 0, "energy"

writeInfoLine: "duration ", fixed$ (duration, 6)
appendInfoLine: "f0_mean_hz ", f0_mean
appendInfoLine: "f0_sd_hz ", f0_sd
appendInfoLine: "voiced_fraction ", voiced / frames
appendInfoLine: "jitter_local ", jitter
appendInfoLine: "shimmer_local ", shimmer
appendInfoLine: "hnr_db ", hnr
appendInfoLine: "intensity_mean_db ", intensity_mean

# Syllable nuclei and pauses after de Jong & Wempe (2009; script version of 2010).
selectObject: sound
intensity50 = To Intensity: 50, 0, "yes"
minint = Get minimum: 0, 0, "parabolic"
maxint = Get maximum: 0, 0, "parabolic"
max99 = Get quantile: 0, 0, 0.99
threshold = max99 - 25
if threshold < minint
    threshold = minint
endif
textgrid = To TextGrid (silences): -25 - (maxint - max99), 0.3, 0.1, "silent", "sounding"
intervals = Get number of intervals: 1
sounding = 0
pause_total = 0
first_onset = undefined
last_offset = undefined
for i to intervals
    label$ = Get label of interval: 1, i
    start = Get start time of interval: 1, i
    end = Get end time of interval: 1, i
    if label$ = "sounding"
        sounding += 1
        if sounding = 1
            first_onset = start
        elsif sounding > 1
            pause_total += start - last_offset
        endif
        last_offset = end
    endif
endfor

selectObject: intensity50
matrix = Down to Matrix
intensity_sound = To Sound (slice): 1
peaks = To PointProcess (extrema): 1, "yes", "no", "sinc70"
npeaks = Get number of points
above = 0
for i to npeaks
    selectObject: peaks
    t = Get time from index: i
    selectObject: intensity_sound
    value = Get value at time: 1, t, "cubic"
    if value > threshold
        above += 1
        peak_time[above] = t
        peak_db[above] = value
    endif
endfor
selectObject: sound
voicing = To Pitch (ac): 0.02, 30, 4, "no", 0.03, 0.25, 0.01, 0.35, 0.25, 450
syllables = 0
for p to above - 1
    selectObject: intensity50
    dip = Get minimum: peak_time[p], peak_time[p + 1], "none"
    if abs (peak_db[p] - dip) > 2
        selectObject: textgrid
        interval = Get interval at time: 1, peak_time[p]
        label$ = Get label of interval: 1, interval
        selectObject: voicing
        f0 = Get value at time: peak_time[p], "Hertz", "linear"
        if f0 <> undefined and label$ = "sounding"
            syllables += 1
        endif
    endif
endfor
appendInfoLine: "pause_count ", max (0, sounding - 1)
appendInfoLine: "pause_total_s ", pause_total
appendInfoLine: "speech_span_s ", last_offset - first_onset
appendInfoLine: "syllables ", syllables

package org.voicebarometer.ui;

import javax.sound.sampled.LineUnavailableException;
import javax.sound.sampled.TargetDataLine;
import java.util.List;
import java.util.Optional;

/** Where recordings come from: the sound system ({@link Microphones}), or a fake line in tests. */
interface MicrophoneSource {
    /** Names of the input devices; empty when the machine has none. */
    List<String> devices();

    /** A not yet opened capture line on {@code device} (empty: the system default). */
    TargetDataLine line(Optional<String> device) throws LineUnavailableException;
}

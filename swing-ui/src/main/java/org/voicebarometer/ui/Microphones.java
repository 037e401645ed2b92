package org.voicebarometer.ui;

import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.DataLine;
import javax.sound.sampled.LineUnavailableException;
import javax.sound.sampled.Mixer;
import javax.sound.sampled.TargetDataLine;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The machine's audio inputs, through javax.sound.sampled. */
final class Microphones implements MicrophoneSource {

    private static final DataLine.Info CAPTURE = new DataLine.Info(TargetDataLine.class, null);

    @Override
    public List<String> devices() {
        List<String> names = new ArrayList<>();
        for (Mixer.Info info : AudioSystem.getMixerInfo()) {
            if (AudioSystem.getMixer(info).isLineSupported(CAPTURE)) names.add(info.getName());
        }
        return names;
    }

    @Override
    public TargetDataLine line(Optional<String> device) throws LineUnavailableException {
        if (device.isPresent()) {
            for (Mixer.Info info : AudioSystem.getMixerInfo()) {
                if (info.getName().equals(device.get())) return (TargetDataLine) AudioSystem.getMixer(info).getLine(CAPTURE);
            }
            throw new LineUnavailableException("the microphone \"" + device.get() + "\" is not connected");
        }
        try {
            return (TargetDataLine) AudioSystem.getLine(CAPTURE);
        } catch (IllegalArgumentException e) { // what AudioSystem throws when no device can capture at all
            throw new LineUnavailableException("no microphone found on this computer");
        }
    }
}

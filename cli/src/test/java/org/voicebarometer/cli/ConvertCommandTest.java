package org.voicebarometer.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.voicebarometer.cli.CliRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConvertCommandTest {
    @TempDir
    Path dir;



    private static Path converterData(String relative) {
        return Path.of(System.getProperty("barometer.root")).resolve("testdata/converter").resolve(relative);
    }

    @Test
    void convertsAFairseqCheckpointAndVerifies() throws Exception {
        CliRun r = run("convert", converterData("layouts/fairseq_wav2vec2_args/checkpoint.pt").toString(), dir.resolve("m").toString(),
                "--dtype", "f16", "--verify");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("source: fairseq checkpoint"), r.out());
        assertTrue(r.out().contains("kept 66 tensors as F16"), r.out());
        assertTrue(r.out().contains("dropped 5:"), r.out());
        assertTrue(r.out().contains("verify: 66 tensors match the source; max abs diff"), r.out());
        for (String f : new String[] {"config.json", "preprocessor_config.json", "model.safetensors"})
            assertTrue(Files.isRegularFile(dir.resolve("m").resolve(f)), f);
    }

    @Test
    void aForbiddenGlobalIsOneLineAndExitCode2() throws Exception {
        Path src = dir.resolve("evil");
        Files.createDirectories(src);
        Files.copy(converterData("layouts/hf_bin_weight_g/config.json"), src.resolve("config.json"));
        Files.copy(converterData("hostile/rce_os_system.bin"), src.resolve("pytorch_model.bin"));
        Files.deleteIfExists(Path.of("/tmp/voicebarometer-converter-pwned"));
        CliRun r = run("convert", src.toString(), dir.resolve("out").toString());
        assertEquals(2, r.exit(), r.out() + r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().startsWith("barometer: ") && r.err().contains("forbidden global posix.system"), r.err());
        assertFalse(Files.exists(Path.of("/tmp/voicebarometer-converter-pwned")));
        assertFalse(Files.exists(dir.resolve("out/model.safetensors")));
    }

    @Test
    void aMissingSourceIsExitCode2() {
        CliRun r = run("convert", dir.resolve("nothing").toString(), dir.resolve("out").toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("no such file or directory"), r.err());
    }
}

package dev.clickstream.cdk;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SmokeTest {
    @Test
    void synthesizes() {
        assertThat(Synth.defaults().resources()).isNotEmpty();
    }
}

package dev.clickstream.benchmark.report;

import dev.clickstream.benchmark.Compare;
import dev.clickstream.benchmark.load.LoadResult;
import dev.clickstream.benchmark.load.ProcessProbe;
import dev.clickstream.benchmark.load.Scenario;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The A/B report pairs each round's two windows and only claims what its interval supports. */
class TestCompareReport {

    @Test
    void theVerdictFollowsTheIntervalNotThePointEstimate() {
        CompareReport.Ratio steady = CompareReport.summarise(new double[]{0.99, 1.01, 1.00, 0.98, 1.02, 1.00});
        assertThat(steady.geometricMean()).isCloseTo(1.0, within(0.005));
        assertThat(steady.low()).isLessThan(steady.geometricMean()).isGreaterThan(0.98);
        assertThat(steady.verdict(0.95)).isEqualTo("holds");

        assertThat(CompareReport.summarise(new double[]{0.88, 0.90, 0.91, 0.89, 0.90}).verdict(0.95)).isEqualTo("does not hold");
        // the same mean as "steady", but too noisy to tell either way
        assertThat(CompareReport.summarise(new double[]{0.80, 1.20, 0.85, 1.15, 1.00, 1.01}).verdict(0.95)).isEqualTo("inconclusive");
    }

    @Test
    void ratiosPairTheCandidateWithTheBaselineOfTheSameRoundAndScenario() {
        CompareReport report = new CompareReport("test", 0.05);
        report.add(window(1, Scenario.SINGLE, false, 1000));
        report.add(window(1, Scenario.SINGLE, true, 900));
        report.add(window(1, Scenario.BATCH100, true, 5000));
        report.add(window(1, Scenario.BATCH100, false, 4000));
        report.add(window(2, Scenario.SINGLE, true, 2200));
        report.add(window(2, Scenario.SINGLE, false, 2000));
        report.add(window(3, Scenario.SINGLE, true, 700)); // its baseline window never ran: no pair

        assertThat(report.ratios(Scenario.SINGLE)).containsExactly(0.9, 1.1);
        assertThat(report.ratios(Scenario.BATCH100)).containsExactly(1.25);
    }

    private static Compare.Window window(int round, Scenario s, boolean candidate, double eventsPerSecond) {
        LoadResult load = new LoadResult("t", s.name(), "closed", 0, 10, 100, 100, eventsPerSecond / s.eventsPerRequest,
                eventsPerSecond, 1, 2, 3, 4, Map.of("200", 100L));
        return new Compare.Window(round, s, candidate, load, new ProcessProbe.Usage(1, 1, 0));
    }
}

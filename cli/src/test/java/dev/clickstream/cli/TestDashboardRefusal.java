package dev.clickstream.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code clickstream dashboard} bound to a non-loopback address without a token refuses to start, in one line. */
class TestDashboardRefusal {
    @Test
    void nonLoopbackWithoutATokenIsRefusedWithOneLine() {
        CommandLine cli = Main.commandLine();
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));
        int code = cli.execute("dashboard", "--host", "0.0.0.0", "--port", "0", "--jdbc-url", "jdbc:postgresql://127.0.0.1:1/none");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString().lines().toList()).containsExactly("error: refusing to serve the dashboard on 0.0.0.0 without an"
                + " access token: set CLICKSTREAM_DASHBOARD_ACCESS_TOKEN (or --access-token), or bind 127.0.0.1 (see --help)");
    }
}

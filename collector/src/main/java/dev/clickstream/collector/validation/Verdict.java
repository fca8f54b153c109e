package dev.clickstream.collector.validation;

import java.util.ArrayList;
import java.util.List;

/** The outcome of validating one message: rejected, or accepted with any tracking-plan violations to flag. */
public final class Verdict {
    private Rejection rejection;
    private List<String> violations;

    public Rejection rejection() { return rejection; }
    public boolean accepted() { return rejection == null; }
    public List<String> violations() { return violations == null ? List.of() : violations; }

    void reject(Rejection r) { this.rejection = r; }

    void flag(String violation) {
        if (violations == null) violations = new ArrayList<>();
        violations.add(violation);
    }
}

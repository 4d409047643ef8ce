package dev.kizashi.score;

import java.util.List;

/** A churn probability in [0,1] with its reasons, strongest first. */
public record Score(double probability, List<Reason> reasons) {

    /** The reason codes, strongest first. */
    public List<String> reasonCodes() {
        return reasons.stream().map(r -> r.code().name()).toList();
    }
}

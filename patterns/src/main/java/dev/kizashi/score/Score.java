package dev.kizashi.score;

import dev.kizashi.model.Reason;
import java.util.List;

/** A churn probability in [0,1] with its reasons, strongest first. */
public record Score(double probability, List<Reason> reasons) {

    /** The reason codes, strongest first. */
    public List<String> reasonCodes() {
        return reasons.stream().map(r -> r.code().name()).toList();
    }

    /** The reason codes joined by commas, strongest first (asked for on every event). */
    public String joinedReasonCodes() {
        if (reasons.isEmpty()) {
            return "";
        }
        StringBuilder s = new StringBuilder(reasons.get(0).code().name());
        for (int i = 1; i < reasons.size(); i++) {
            s.append(',').append(reasons.get(i).code().name());
        }
        return s.toString();
    }
}

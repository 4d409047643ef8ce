package dev.kizashi.step;

import dev.kizashi.alert.Alert;
import dev.kizashi.detect.Detection;
import dev.kizashi.profile.CustomerProfile;
import dev.kizashi.score.Score;
import java.io.Serializable;
import java.util.ArrayList;

/** Turns a detection and the score at that moment into a routed alert. */
public final class AlertFactory implements Serializable {
    private final RoutingTable routing;

    public AlertFactory(RoutingTable routing) {
        this.routing = routing;
    }

    public Alert create(
            String customerId,
            Detection d,
            Score score,
            CustomerProfile profile,
            String ltvTier,
            long detectedAt) {
        RoutingTable.Route route = routing.route(d.pattern());
        return new Alert(
                Alert.idFor(customerId, d.pattern(), d.eventTime()),
                customerId,
                d.pattern(),
                d.pattern().defaultSeverity(),
                score.probability(),
                new ArrayList<>(score.reasons()),
                new ArrayList<>(d.evidence()),
                d.detail(),
                d.eventTime(),
                detectedAt,
                ltvTier,
                Segments.of(profile, d.eventTime(), ltvTier),
                route.action(),
                route.channel());
    }
}

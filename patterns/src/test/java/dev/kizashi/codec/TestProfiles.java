package dev.kizashi.codec;

import static dev.kizashi.TestEvents.*;

import dev.kizashi.alert.AlertEpisode;
import dev.kizashi.detect.DetectorConfig;
import dev.kizashi.detect.PrecursorDetector;
import dev.kizashi.model.CustomerEvent;
import dev.kizashi.model.Sentiment;
import dev.kizashi.model.SupportCategory;
import dev.kizashi.profile.CustomerProfile;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/**
 * Customer profiles for serializer tests: every field random, or built from a realistic history.
 */
public final class TestProfiles {
    /**
     * Patterns there were when the random profiles' digest was pinned: a pattern appended later
     * must not change the random profiles, or the digest would no longer check the format alone.
     */
    private static final int PATTERNS_WHEN_PINNED = 9;

    private TestProfiles() {}

    /** Profiles with every field set (different from a new profile's), half in whole seconds. */
    public static Arbitrary<CustomerProfile> populated() {
        return Arbitraries.randomValue(TestProfiles::populated);
    }

    public static CustomerProfile populated(Random r) {
        boolean seconds = r.nextBoolean();
        CustomerProfile p = new CustomerProfile();
        p.firstSeenTs = time(r, seconds);
        p.lastActivityTs = time(r, seconds);
        p.orderDays = count(r);
        p.orderEvents = r.nextLong();
        p.firstOrderTs = time(r, seconds);
        p.lastOrderTs = time(r, seconds);
        p.gapCount = count(r);
        p.gapMeanDays = real(r);
        p.gapM2 = real(r);
        p.totalSpend = real(r);
        p.subscribed = r.nextBoolean();
        p.cycleDays = count(r);
        p.planId = text(r);
        p.cancelled = r.nextBoolean();
        p.cancelledTs = time(r, seconds);
        p.skippedCycles = count(r);
        p.lastSkipTs = time(r, seconds);
        p.supportContactTs = times(r, seconds);
        p.cancelRequests = count(r);
        p.lastCancelRequestTs = time(r, seconds);
        p.paymentFailedTs = time(r, seconds);
        p.engagementShort = real(r);
        p.engagementLong = real(r);
        p.engagementTs = time(r, seconds);
        p.firstEngagementTs = time(r, seconds);
        p.unsubscribedChannels = count(r);
        p.negativeContacts = count(r);
        p.lastNegativeContactTs = time(r, seconds);
        p.lastFeedbackScore = r.nextInt(11);
        p.lastFeedbackTs = time(r, seconds);
        p.downgrades = count(r);
        p.lastDowngradeTs = time(r, seconds);
        p.paymentFailures = count(r);
        int ids = 1 + r.nextInt(40);
        p.recentIdHashes = r.longs(ids).toArray();
        p.recentIdTs = new long[ids];
        for (int i = 0; i < ids; i++) {
            p.recentIdTs[i] = time(r, seconds);
        }
        p.recentIdNext = r.nextInt(ids);
        p.overdueAlertedForOrderTs = time(r, seconds);
        p.dormantAlertedForActivityTs = time(r, seconds);
        p.paymentAlertedForFailureTs = time(r, seconds);
        p.supportSpikeAlertedTs = time(r, seconds);
        p.subscribedTs = time(r, seconds);
        p.lastCycleOrderTs = time(r, seconds);
        p.missedCycleAlertedForTs = time(r, seconds);
        p.slowdownAlertedForOrderTs = time(r, seconds);
        p.engagementDropAlertedTs = time(r, seconds);
        p.priceComplaintTs = time(r, seconds);
        p.paymentPendingTs = time(r, seconds);
        p.downgradePendingTs = time(r, seconds);
        p.negativeSignalTs = times(r, seconds);
        p.negativeSpikeAlertedTs = time(r, seconds);
        p.snapshotsDone = count(r);
        p.timerTs = time(r, seconds);
        p.lastEmittedScore = r.nextDouble();
        p.lastEmittedReasons = text(r);
        p.valueEpoch = r.nextLong();
        p.alertedPatterns = r.nextInt();
        AlertEpisode ep = p.alertEpisode;
        if (r.nextBoolean()) {
            // An open episode: the id is an alert id (a UUID) or, to cover the fallback, any text.
            ep.episodeId =
                    r.nextBoolean() ? new UUID(r.nextLong(), r.nextLong()).toString() : text(r);
            ep.openedTs = time(r, seconds);
            ep.severity = r.nextInt(4);
            ep.pattern = r.nextInt(PATTERNS_WHEN_PINNED);
            ep.activeMask = r.nextInt();
            ep.alerts = count(r);
            ep.suppressed = count(r);
        }
        ep.lastAlertTs = new long[PATTERNS_WHEN_PINNED];
        for (int i = 0; i < ep.lastAlertTs.length; i++) {
            ep.lastAlertTs[i] = r.nextBoolean() ? 0 : time(r, seconds);
        }
        return p;
    }

    /** Mostly event times near 2026; sometimes any long, so differences overflow. */
    private static long time(Random r, boolean seconds) {
        long t =
                r.nextInt(10) == 0
                        ? r.nextLong()
                        : T0 + (long) (r.nextGaussian() * 100 * DAY) + r.nextInt(1000);
        t = t == 0 ? 1 : t;
        return seconds ? Math.max(1, Math.abs(t / 1000)) * 1000 * Long.signum(t) : t;
    }

    private static long[] times(Random r, boolean seconds) {
        long[] t = new long[1 + r.nextInt(70)];
        for (int i = 0; i < t.length; i++) {
            t[i] = time(r, seconds);
        }
        return t;
    }

    private static int count(Random r) {
        return r.nextInt(5) == 0 ? r.nextInt() | 1 : 1 + r.nextInt(200);
    }

    private static double real(Random r) {
        return switch (r.nextInt(6)) {
            case 0 -> Double.NaN;
            case 1 -> -0.0;
            case 2 -> Double.longBitsToDouble(r.nextLong());
            default -> r.nextDouble() * 1000;
        };
    }

    private static String text(Random r) {
        StringBuilder s = new StringBuilder();
        int n = r.nextInt(40);
        for (int i = 0; i < n; i++) {
            s.append((char) (r.nextInt(4) == 0 ? r.nextInt(0xd7ff) : 'a' + r.nextInt(26)));
        }
        return s.toString();
    }

    /**
     * A monthly subscriber after {@code days} days, built by the profile's own logic and the
     * detector: logins every other day, a cycle order a month, now and then a support contact.
     */
    public static CustomerProfile realistic(int days) {
        DetectorConfig config = DetectorConfig.defaults();
        PrecursorDetector detector = new PrecursorDetector(config);
        List<CustomerEvent> events = new ArrayList<>();
        events.add(subscribe("c", 0.3, 30));
        for (int d = 0; d < days; d++) {
            if (d % 30 == 1) {
                events.add(order("c", d + 0.4, 29.9));
            }
            if (d % 2 == 0) {
                events.add(login("c", d + 0.7));
            }
            if (d % 45 == 20) {
                events.add(support("c", d + 0.5, SupportCategory.BILLING, Sentiment.NEGATIVE));
            }
        }
        CustomerProfile p = new CustomerProfile();
        for (CustomerEvent e : events) {
            if (!p.seenBefore(
                    e.eventId(), e.ts(), config.dedupeWindow().toMillis(), config.dedupeMaxIds())) {
                detector.onEvent(p, e);
            }
        }
        p.timerTs = p.lastActivityTs + 30 * DAY;
        p.lastEmittedScore = 0.37;
        p.lastEmittedReasons = "LONG_GAP,ENGAGEMENT_DROP";
        return p;
    }
}

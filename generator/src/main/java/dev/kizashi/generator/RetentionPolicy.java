package dev.kizashi.generator;

import dev.kizashi.model.ActionChannel;
import dev.kizashi.model.CancelReason;
import dev.kizashi.model.ContactOutcome;
import dev.kizashi.model.CustomerEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * A simulated business acting on the alerts it was sent: the call center calls about alerts routed
 * to it, the messaging system sends the rest on their channel. A contact reaches the customer with
 * a channel's probability; a reached customer whose subscription was going to be cancelled is kept
 * with the true effect of the action on that cancellation's reason (a discount works on price, not
 * on usage). It contacts a customer once, about their first episode (a contact cap). Every draw is
 * a pure function of the seed, customer and episode, so the truth of what the actions did is known
 * for every episode, held out or not.
 *
 * @param effectScale multiplies every true effect (0: actions do nothing)
 */
public record RetentionPolicy(double effectScale) {

    /** The first alert of an episode as the business received it (or did not: held out). */
    public record Opener(
            String customerId,
            String episodeId,
            long eventTime,
            String channel,
            String action,
            boolean holdout) {}

    /**
     * What the policy did, or would have done, about one episode.
     *
     * @param cancelsInWindow the plan cancels after the action and before the outcome horizon
     * @param firstEpisode the customer's first episode: its outcome depends on its own action only
     * @param acted sent (not held out) and so acted on
     * @param kept the action kept the customer
     */
    public record Treatment(
            Opener opener,
            ActionChannel channel,
            String offer,
            double reachProbability,
            double effect,
            boolean cancelsInWindow,
            boolean firstEpisode,
            boolean acted,
            boolean kept) {

        /**
         * The true effect of acting on the episode's outcome: the chance that acting turns a
         * cancellation inside the window into a kept customer (0 for later episodes of a customer,
         * which the contact cap leaves alone).
         */
        public double trueUplift() {
            return firstEpisode && cancelsInWindow ? reachProbability * effect : 0;
        }
    }

    /** The response to play into the world, and the treatment of every episode. */
    public record Result(BusinessResponse response, List<Treatment> treatments) {}

    public static RetentionPolicy defaults() {
        return new RetentionPolicy(1.0);
    }

    public RetentionPolicy {
        if (!(effectScale >= 0 && effectScale * 0.6 <= 1)) {
            throw new IllegalArgumentException(
                    "effect scale must be in 0 .. 1/0.6: " + effectScale);
        }
    }

    /** The true effect of {@code action} on a cancellation for {@code reason}. */
    public double effect(String action, CancelReason reason) {
        double e =
                switch (action == null ? "" : action) {
                    case "skip_followup_offer", "winback_offer", "retention_call" ->
                            reason == CancelReason.PRICE ? 0.6 : 0.08;
                    case "service_recovery_call" ->
                            reason == CancelReason.SUPPORT || reason == CancelReason.QUALITY
                                    ? 0.5
                                    : 0.08;
                    case "content_nudge", "reorder_reminder" ->
                            reason == CancelReason.USAGE ? 0.35 : 0.05;
                    case "plan_consultation" ->
                            reason == CancelReason.PRICE || reason == CancelReason.USAGE
                                    ? 0.4
                                    : 0.1;
                    case "vip_outreach" -> 0.3;
                    default -> 0.1;
                };
        return e * effectScale;
    }

    static ActionChannel channelOf(String routed) {
        if (routed == null) {
            return ActionChannel.EMAIL;
        }
        return switch (routed) {
            case "call_center" -> ActionChannel.CALL_CENTER;
            case "line" -> ActionChannel.LINE;
            case "push" -> ActionChannel.PUSH;
            case "dm" -> ActionChannel.DM;
            default -> ActionChannel.EMAIL;
        };
    }

    static double reach(ActionChannel c) {
        return switch (c) {
            case CALL_CENTER -> 0.65;
            case DM -> 0.6;
            case LINE -> 0.5;
            case PUSH -> 0.35;
            case EMAIL -> 0.3;
        };
    }

    static double cost(ActionChannel c) {
        return switch (c) {
            case CALL_CENTER -> 600;
            case DM -> 150;
            case LINE -> 3;
            case PUSH, EMAIL -> 1;
        };
    }

    static Duration delay(ActionChannel c) {
        return c == ActionChannel.CALL_CENTER ? Duration.ofDays(1) : Duration.ofHours(1);
    }

    static String offerOf(String action) {
        return switch (action == null ? "" : action) {
            case "skip_followup_offer", "winback_offer", "retention_call" -> "discount_10";
            case "plan_consultation" -> "plan_change";
            default -> null;
        };
    }

    /**
     * Acts on every sent opener of {@code world} (episodes in time order per customer), keeps a
     * customer at most once, and records what acting did or would have done for every opener.
     */
    public Result respond(SubscriptionGenerator world, List<Opener> openers, Duration horizon) {
        long seed = world.config().seed();
        List<Opener> ordered = new ArrayList<>(openers);
        ordered.sort(
                java.util.Comparator.comparing(Opener::customerId)
                        .thenComparingLong(Opener::eventTime));
        Set<String> seen = new HashSet<>();
        Map<Integer, Instant> kept = new HashMap<>();
        List<CustomerEvent> actions = new ArrayList<>();
        List<Treatment> treatments = new ArrayList<>();
        for (Opener o : ordered) {
            boolean first = seen.add(o.customerId());
            int index = indexOf(o.customerId());
            ActionChannel channel = channelOf(o.channel());
            long actionTs = o.eventTime() + delay(channel).toMillis();
            var cancel = index < 0 ? null : world.plannedCancellation(index);
            long dueTs = o.eventTime() + horizon.toMillis();
            boolean inWindow =
                    cancel != null
                            && cancel.at().toEpochMilli() > actionTs
                            && cancel.at().toEpochMilli() < dueTs;
            double reach = reach(channel);
            double effect = cancel == null ? 0 : effect(o.action(), cancel.reason());
            boolean reached = unit(seed, o, 1) < reach;
            boolean saves =
                    reached
                            && cancel != null
                            && cancel.at().toEpochMilli() > actionTs
                            && unit(seed, o, 2) < effect;
            // One retention contact per customer (a contact cap, as CRMs keep): so an episode's
            // outcome depends on its own treatment only, and the truth is exact.
            boolean acted = first && !o.holdout() && actionTs < world.config().end().toEpochMilli();
            boolean keeps = acted && saves && !kept.containsKey(index);
            if (keeps) {
                kept.put(index, Instant.ofEpochMilli(actionTs));
            }
            String offer = offerOf(o.action());
            if (acted) {
                ContactOutcome outcome =
                        !reached
                                ? ContactOutcome.NOT_REACHED
                                : offer == null
                                        ? ContactOutcome.REACHED
                                        : saves
                                                ? ContactOutcome.ACCEPTED_OFFER
                                                : ContactOutcome.DECLINED;
                double cost = cost(channel) + (outcome == ContactOutcome.ACCEPTED_OFFER ? 1000 : 0);
                actions.add(
                        new CustomerEvent.RetentionAction(
                                "ra-" + o.episodeId(),
                                o.customerId(),
                                actionTs,
                                o.episodeId(),
                                o.episodeId(),
                                channel,
                                o.action(),
                                "sim-" + channel.wire(),
                                offer,
                                outcome,
                                cost));
            }
            treatments.add(
                    new Treatment(o, channel, offer, reach, effect, inWindow, first, acted, keeps));
        }
        return new Result(new BusinessResponse(actions, kept), treatments);
    }

    private static int indexOf(String customerId) {
        try {
            return Integer.parseInt(customerId.substring(2));
        } catch (RuntimeException e) {
            return -1;
        }
    }

    /** The episode's uniform draw for {@code purpose}. */
    private static double unit(long seed, Opener o, int purpose) {
        UUID u =
                UUID.nameUUIDFromBytes(
                        (o.customerId() + '\u0000' + o.episodeId())
                                .getBytes(StandardCharsets.UTF_8));
        return new Rng(Rng.seedFor(seed, u.getMostSignificantBits(), purpose)).nextDouble();
    }
}

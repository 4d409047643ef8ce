package dev.kizashi.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kizashi.alert.AlertEpisode;
import dev.kizashi.profile.CustomerProfile;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Random;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/**
 * Pins the bytes of {@link CustomerProfileSerializer}'s format version 1: they are in the RocksDB
 * state and the savepoints of running jobs. If one of these fails, the format has changed: bump
 * {@code FORMAT_VERSION} and the snapshot version, keep reading version 1, and only then update the
 * expected values here.
 */
class CustomerProfileFormatTest {

    private static final CustomerProfileSerializer SERIALIZER = CustomerProfileSerializer.INSTANCE;
    private static final HexFormat HEX = HexFormat.of();

    private static final long T = 1_767_225_600_000L; // 2026-01-01T00:00:00Z

    private static byte[] bytes(CustomerProfile p) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        SERIALIZER.serialize(p, out);
        return out.getCopyOfBuffer();
    }

    private static String hex(CustomerProfile p) throws IOException {
        return HEX.formatHex(bytes(p));
    }

    /** Whole seconds, an open episode with a canonical UUID id, sparse cooldowns. */
    static CustomerProfile subscriberInSeconds() {
        CustomerProfile p = new CustomerProfile();
        p.firstSeenTs = T;
        p.lastActivityTs = T + 40 * CustomerProfile.DAY_MS;
        p.orderDays = 2;
        p.orderEvents = 2;
        p.firstOrderTs = T + 1000;
        p.lastOrderTs = T + 30 * CustomerProfile.DAY_MS;
        p.gapCount = 1;
        p.gapMeanDays = 30.0;
        p.totalSpend = 7960.0;
        p.subscribed = true;
        p.cycleDays = 30;
        p.planId = "plan-a";
        p.supportContactTs = new long[] {T + 5000, T + 3000, T + 39 * CustomerProfile.DAY_MS};
        p.recentIdHashes = new long[] {-1L, 42L, Long.MIN_VALUE};
        p.recentIdTs = new long[] {T, T + 1000, T + 40 * CustomerProfile.DAY_MS};
        p.recentIdNext = 1;
        p.lastEmittedScore = 0.37;
        p.lastEmittedReasons = "LONG_GAP,ENGAGEMENT_DROP";
        p.valueEpoch = 20_454;
        AlertEpisode ep = p.alertEpisode;
        ep.episodeId = "123e4567-e89b-12d3-a456-426614174000";
        ep.openedTs = T + 39 * CustomerProfile.DAY_MS;
        ep.severity = 2;
        ep.pattern = 4;
        ep.activeMask = 0b10000;
        ep.alerts = 1;
        ep.lastAlertTs = new long[] {0, 0, 0, 0, T + 39 * CustomerProfile.DAY_MS, 0, 0, 0, 0};
        return p;
    }

    /**
     * Milliseconds, negative deltas, special doubles, a non-canonical id, null and empty arrays.
     */
    static CustomerProfile oddsInMillis() {
        CustomerProfile p = new CustomerProfile();
        p.firstSeenTs = T + 7;
        p.lastActivityTs = T + 5;
        p.lastOrderTs = -1;
        p.gapM2 = Double.NaN;
        p.engagementShort = -0.0;
        p.engagementLong = Double.POSITIVE_INFINITY;
        p.cancelled = true;
        p.cancelledTs = Long.MAX_VALUE;
        p.lastFeedbackScore = 0;
        p.alertedPatterns = -1;
        p.supportContactTs = null;
        p.recentIdHashes = new long[0];
        p.recentIdTs = null;
        p.negativeSignalTs = new long[] {T + 4, T + 9};
        p.planId = "";
        p.alertEpisode.episodeId = "123E4567-E89B-12D3-A456-426614174000";
        p.alertEpisode.suppressed = 3;
        p.alertEpisode.lastAlertTs = null;
        return p;
    }

    /** No episode at all, a long string, a 16-slot sparse array (two bitmap bytes). */
    static CustomerProfile withoutEpisode() {
        CustomerProfile p = new CustomerProfile();
        p.lastActivityTs = T;
        p.planId = "日本語のプラン名".repeat(3);
        p.alertEpisode = null;
        return p;
    }

    static CustomerProfile sixteenCooldowns() {
        CustomerProfile p = new CustomerProfile();
        p.lastActivityTs = T;
        p.alertEpisode.lastAlertTs = new long[16];
        p.alertEpisode.lastAlertTs[0] = T - 1000;
        p.alertEpisode.lastAlertTs[15] = T + 1000;
        return p;
    }

    @Test
    void aNewProfileIsTwoBytes() throws IOException {
        assertThat(hex(new CustomerProfile())).isEqualTo("0100");
    }

    @Test
    void handBuiltProfilesKeepTheirBytes() throws IOException {
        assertThat(hex(subscriberInSeconds())).isEqualTo(SUBSCRIBER_IN_SECONDS);
        assertThat(hex(oddsInMillis())).isEqualTo(ODDS_IN_MILLIS);
        assertThat(hex(withoutEpisode())).isEqualTo(WITHOUT_EPISODE);
        assertThat(hex(sixteenCooldowns())).isEqualTo(SIXTEEN_COOLDOWNS);
    }

    @Test
    void pinnedBytesReadBack() throws IOException {
        for (String hex :
                new String[] {
                    SUBSCRIBER_IN_SECONDS, ODDS_IN_MILLIS, WITHOUT_EPISODE, SIXTEEN_COOLDOWNS
                }) {
            byte[] pinned = HEX.parseHex(hex);
            DataInputDeserializer in = new DataInputDeserializer(pinned);
            CustomerProfile p = SERIALIZER.deserialize(in);
            assertThat(in.available()).isZero();
            assertThat(bytes(p)).isEqualTo(pinned);
        }
    }

    /** A digest over many random profiles: any change of any field's encoding shows here. */
    @Test
    void randomProfilesKeepTheirBytes() throws IOException, NoSuchAlgorithmException {
        Random r = new Random(20_260_101L);
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        for (int i = 0; i < 300; i++) {
            sha.update(bytes(TestProfiles.populated(r)));
        }
        assertThat(HEX.formatHex(sha.digest())).isEqualTo(RANDOM_PROFILES_SHA256);
    }

    // Written by format version 1 (CustomerProfileSerializer before its split into helpers).
    private static final String SUBSCRIBER_IN_SECONDS =
            "01f977c007a4fc0280d4d3980dffefa503fdefa503ffbb6904ccbf0204023c02"
                    + "403e00000000000040bf1800000000003fd7ae147ae147ae07706c616e2d6119"
                    + "4c4f4e475f4741502c454e474147454d454e545f44524f5004f5efa50303faa9"
                    + "9b0304ffffffffffffffff000000000000002a800000000000000004ffefa503"
                    + "02feefa503fe05123e4567e89b12d3a456426614174000ffc50a040820020a10"
                    + "00ffc50a";
    private static final String ODDS_IN_MILLIS =
            "01f1da8050ab038aa0d5edee66048ba0d5edee66f4dfaa929199ffffff010001"
                    + "7ff800000000000080000000000000007ff000000000000001000003010a8206"
                    + "2531323345343536372d453839422d313244332d413435362d34323636313431"
                    + "37343030300600";
    private static final String WITHOUT_EPISODE =
            "01c103080280e4ad950d19e5cb01acce019e9502ee60d761e961f3618da801e5"
                    + "cb01acce019e9502ee60d761e961f3618da801e5cb01acce019e9502ee60d761"
                    + "e961f3618da80101";
    private static final String SIXTEEN_COOLDOWNS = "0181030280e4ad950d80041101800102";
    private static final String RANDOM_PROFILES_SHA256 =
            "fd276270d930a15637e872b40c7211ddf53170a1ed617f87225233defd5619dc";
}

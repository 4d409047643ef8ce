package dev.kizashi.connectors.elasticsearch;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.transport.RetryConfig;
import dev.kizashi.connectors.Secret;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Where Elasticsearch is and how to authenticate: host URLs, basic auth or an API key, and TLS
 * trust. Serializable, so it travels inside the sink to the task managers.
 *
 * <p>Credentials are {@link Secret}s, read from environment variables or files (see {@link
 * Builder#credentialsFromEnvironment()}), never from a command line; {@link #toString()} masks
 * them.
 */
public final class ElasticsearchClientSettings implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Environment variables read by {@link Builder#credentialsFromEnvironment()}. */
    public static final String ENV_USERNAME = "KIZASHI_ES_USERNAME";

    public static final String ENV_PASSWORD = "KIZASHI_ES_PASSWORD";
    public static final String ENV_PASSWORD_FILE = "KIZASHI_ES_PASSWORD_FILE";
    public static final String ENV_API_KEY = "KIZASHI_ES_API_KEY";
    public static final String ENV_API_KEY_FILE = "KIZASHI_ES_API_KEY_FILE";
    public static final String ENV_CA_CERT = "KIZASHI_ES_CA_CERT";

    private final List<String> hosts;
    private final String username;
    private final Secret password;
    private final Secret apiKey;
    private final String caCertificate;
    private final boolean trustAllCertificates;

    private ElasticsearchClientSettings(Builder b) {
        if (b.hosts.isEmpty()) {
            throw new IllegalArgumentException("at least one Elasticsearch host URL is needed");
        }
        if (b.password != null && b.apiKey != null) {
            throw new IllegalArgumentException("use either basic auth or an API key, not both");
        }
        if (b.password != null && (b.username == null || b.username.isBlank())) {
            throw new IllegalArgumentException("basic auth needs a user name");
        }
        this.hosts = List.copyOf(b.hosts);
        this.username = b.password == null ? null : b.username;
        this.password = b.password;
        this.apiKey = b.apiKey;
        this.caCertificate = b.caCertificate;
        this.trustAllCertificates = b.trustAllCertificates;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** No auth, no TLS settings: the test node and a local stack. */
    public static ElasticsearchClientSettings of(String... hosts) {
        return builder().hosts(hosts).build();
    }

    public List<String> hosts() {
        return hosts;
    }

    public String username() {
        return username;
    }

    public boolean hasBasicAuth() {
        return password != null;
    }

    public boolean hasApiKey() {
        return apiKey != null;
    }

    public String caCertificate() {
        return caCertificate;
    }

    public boolean trustAllCertificates() {
        return trustAllCertificates;
    }

    /**
     * A new synchronous client; the caller closes it. Client-side retries are off: the sink does
     * its own (per bulk item, with backoff).
     */
    public ElasticsearchClient createClient() {
        List<URI> uris = new ArrayList<>();
        for (String h : hosts) {
            uris.add(URI.create(h));
        }
        SSLContext ssl = sslContext();
        return ElasticsearchClient.of(
                b -> {
                    b.hosts(uris).retryConfig(RetryConfig.disabled());
                    if (password != null) {
                        b.usernameAndPassword(username, password.reveal());
                    }
                    if (apiKey != null) {
                        b.apiKey(apiKey.reveal());
                    }
                    if (ssl != null) {
                        b.sslContext(ssl);
                    }
                    return b;
                });
    }

    private SSLContext sslContext() {
        try {
            if (trustAllCertificates) {
                SSLContext ctx = SSLContext.getInstance("TLS");
                ctx.init(null, new TrustManager[] {new TrustAll()}, null);
                return ctx;
            }
            if (caCertificate != null) {
                KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
                ks.load(null, null);
                Collection<? extends Certificate> certs;
                try (InputStream in = Files.newInputStream(Path.of(caCertificate))) {
                    certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
                }
                if (certs.isEmpty()) {
                    throw new IllegalArgumentException(
                            "no certificate in CA file " + caCertificate);
                }
                int i = 0;
                for (Certificate c : certs) {
                    ks.setCertificateEntry("kizashi-ca-" + i++, c);
                }
                TrustManagerFactory tmf =
                        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(ks);
                SSLContext ctx = SSLContext.getInstance("TLS");
                ctx.init(null, tmf.getTrustManagers(), null);
                return ctx;
            }
            return null;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException(
                    "cannot set up TLS for Elasticsearch (CA file " + caCertificate + ")", e);
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("ElasticsearchClientSettings{hosts=").append(hosts);
        if (password != null) {
            sb.append(", username=").append(username).append(", password=").append(password);
        }
        if (apiKey != null) {
            sb.append(", apiKey=").append(apiKey);
        }
        if (caCertificate != null) {
            sb.append(", caCertificate=").append(caCertificate);
        }
        if (trustAllCertificates) {
            sb.append(", trustAllCertificates=true");
        }
        return sb.append('}').toString();
    }

    /** Accepts any server certificate: tests only. */
    private static final class TrustAll implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }

    public static final class Builder {
        private final List<String> hosts = new ArrayList<>();
        private String username;
        private Secret password;
        private Secret apiKey;
        private String caCertificate;
        private boolean trustAllCertificates;

        private Builder() {}

        /** Host URLs, e.g. {@code http://127.0.0.1:9200} or {@code https://es-1:9200}. */
        public Builder hosts(String... urls) {
            return hosts(List.of(urls));
        }

        public Builder hosts(List<String> urls) {
            for (String u : urls) {
                for (String one : u.split(",")) {
                    String h = one.strip();
                    if (h.isEmpty()) {
                        continue;
                    }
                    URI uri = URI.create(h);
                    String scheme =
                            uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
                    if (!scheme.equals("http") && !scheme.equals("https")
                            || uri.getHost() == null) {
                        throw new IllegalArgumentException(
                                "Elasticsearch host must be an http(s) URL, got " + h);
                    }
                    if (uri.getUserInfo() != null) {
                        throw new IllegalArgumentException(
                                "do not put credentials into the Elasticsearch URL; use "
                                        + ENV_PASSWORD
                                        + " or a password file");
                    }
                    hosts.add(h);
                }
            }
            return this;
        }

        public Builder basicAuth(String username, Secret password) {
            this.username = username;
            this.password = password;
            return this;
        }

        /** Basic auth with the password in the first line of a file. */
        public Builder passwordFile(String username, Path file) {
            return basicAuth(username, Secret.fromFile(file));
        }

        public Builder apiKey(Secret apiKey) {
            this.apiKey = apiKey;
            return this;
        }

        /** The encoded API key ({@code base64(id:key)}) in the first line of a file. */
        public Builder apiKeyFile(Path file) {
            return apiKey(Secret.fromFile(file));
        }

        /** Trust the CA certificate(s) in this PEM file (instead of the JVM's trust store). */
        public Builder caCertificate(Path pemFile) {
            this.caCertificate = pemFile == null ? null : pemFile.toAbsolutePath().toString();
            return this;
        }

        /** Accept any server certificate: tests only. Hostname verification stays on. */
        public Builder trustAllCertificates(boolean trustAll) {
            this.trustAllCertificates = trustAll;
            return this;
        }

        /**
         * Reads credentials from the process environment: {@value #ENV_API_KEY} or {@value
         * #ENV_API_KEY_FILE}; otherwise {@value #ENV_PASSWORD} or {@value #ENV_PASSWORD_FILE} with
         * user {@value #ENV_USERNAME} (default {@code elastic}); and {@value #ENV_CA_CERT}. Nothing
         * set means no auth.
         */
        public Builder credentialsFromEnvironment() {
            return credentialsFromEnvironment(System.getenv());
        }

        public Builder credentialsFromEnvironment(Map<String, String> env) {
            if (isSet(env, ENV_API_KEY)) {
                apiKey(Secret.fromEnv(ENV_API_KEY, env));
            } else if (isSet(env, ENV_API_KEY_FILE)) {
                apiKeyFile(Path.of(env.get(ENV_API_KEY_FILE)));
            }
            Secret pw = null;
            if (isSet(env, ENV_PASSWORD)) {
                pw = Secret.fromEnv(ENV_PASSWORD, env);
            } else if (isSet(env, ENV_PASSWORD_FILE)) {
                pw = Secret.fromFile(Path.of(env.get(ENV_PASSWORD_FILE)));
            }
            if (pw != null && apiKey == null) {
                basicAuth(isSet(env, ENV_USERNAME) ? env.get(ENV_USERNAME) : "elastic", pw);
            }
            if (isSet(env, ENV_CA_CERT)) {
                caCertificate(Path.of(env.get(ENV_CA_CERT)));
            }
            return this;
        }

        private static boolean isSet(Map<String, String> env, String name) {
            String v = env.get(name);
            return v != null && !v.isBlank();
        }

        public ElasticsearchClientSettings build() {
            return new ElasticsearchClientSettings(this);
        }
    }
}

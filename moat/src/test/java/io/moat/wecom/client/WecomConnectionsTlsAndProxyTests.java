package io.moat.wecom.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import me.chanjar.weixin.cp.config.impl.WxCpDefaultConfigImpl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker's HTTP/1.1 path over TLS, against the JDK's HTTPS server with a self-signed certificate made here for
 * "localhost" (keytool of the running JDK), and through an HTTP proxy that opens CONNECT tunnels: the certificate
 * and the host name are checked, the connection is kept, and the proxy's credentials go in the CONNECT only.
 */
class WecomConnectionsTlsAndProxyTests {

    private static final String PASSWORD = "changeit";

    @TempDir
    static Path keys;

    /** The server's key and certificate. */
    private static SSLContext serverTls;
    /** A client that trusts exactly that certificate, as the JVM trusts WeCom's CA. */
    private static SSLSocketFactory trusting;

    private HttpsServer server;
    private final List<Integer> clientPorts = new CopyOnWriteArrayList<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private int port;
    private TunnelProxy proxy;

    @BeforeAll
    static void certificate() throws Exception {
        Path store = keys.resolve("wecom.p12");
        Process keytool = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "keytool")
                                .toString(),
                        "-genkeypair",
                        "-alias",
                        "wecom",
                        "-keyalg",
                        "EC",
                        "-groupname",
                        "secp256r1",
                        "-dname",
                        "CN=localhost",
                        "-ext",
                        "SAN=dns:localhost",
                        "-validity",
                        "2",
                        "-storetype",
                        "PKCS12",
                        "-keystore",
                        store.toString(),
                        "-storepass",
                        PASSWORD,
                        "-keypass",
                        PASSWORD)
                .redirectErrorStream(true)
                .start();
        String said = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(keytool.waitFor()).as(said).isZero();

        KeyStore serverKeys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            serverKeys.load(in, PASSWORD.toCharArray());
        }
        var keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(serverKeys, PASSWORD.toCharArray());
        serverTls = SSLContext.getInstance("TLS");
        serverTls.init(keyManagers.getKeyManagers(), null, null);

        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("wecom", serverKeys.getCertificate("wecom"));
        var trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trusted);
        SSLContext client = SSLContext.getInstance("TLS");
        client.init(null, trustManagers.getTrustManagers(), null);
        trusting = client.getSocketFactory();
    }

    @BeforeEach
    void start() throws IOException {
        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(serverTls));
        server.createContext("/cgi-bin/message/send", exchange -> {
            record(exchange);
            byte[] answer = "{\"errcode\":0,\"errmsg\":\"ok\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
        port = server.getAddress().getPort();
        WecomConnections.useTls(trusting);
    }

    private void record(HttpExchange exchange) throws IOException {
        clientPorts.add(exchange.getRemoteAddress().getPort());
        requests.add(exchange.getRequestURI() + " "
                + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
    }

    @AfterEach
    void stop() throws IOException {
        WecomConnections.useTls(null);
        server.stop(0);
        if (proxy != null) {
            proxy.close();
        }
    }

    private String url(String host) {
        return "https://" + host + ":" + port + "/cgi-bin/message/send?access_token=t1";
    }

    @Test
    void aTlsServerIsCalledOverAVerifiedConnectionThatIsKept() throws IOException {
        var first = WecomConnections.post(url("localhost"), "{\"n\":1}".getBytes());
        var second = WecomConnections.post(url("localhost"), "{\"n\":2}".getBytes());

        assertThat(first.status()).isEqualTo(200);
        assertThat(new String(second.body(), StandardCharsets.UTF_8)).isEqualTo("{\"errcode\":0,\"errmsg\":\"ok\"}");
        assertThat(requests)
                .containsExactly(
                        "/cgi-bin/message/send?access_token=t1 {\"n\":1}",
                        "/cgi-bin/message/send?access_token=t1 {\"n\":2}");
        assertThat(clientPorts).as("one connection for both").hasSize(2).containsOnly(clientPorts.getFirst());
    }

    @Test
    void aCertificateTheClientDoesNotTrustIsRefusedBeforeAnythingIsSent() {
        WecomConnections.useTls(null); // the JVM's own trust store: it never saw this certificate

        assertThatThrownBy(() -> WecomConnections.post(url("localhost"), "{}".getBytes()))
                .isInstanceOf(SSLHandshakeException.class);
        assertThat(requests).isEmpty();
    }

    @Test
    void aCertificateForAnotherHostIsRefused() {
        // trusted, but issued to "localhost" only: called by address, the name check fails
        assertThatThrownBy(() -> WecomConnections.post(url("127.0.0.1"), "{}".getBytes()))
                .isInstanceOf(SSLHandshakeException.class);
        assertThat(requests).isEmpty();
    }

    @Test
    void throughAProxyTheCallGoesInATunnelThatIsKept() throws IOException {
        proxy = new TunnelProxy("moat", "s3cret");
        var via = new WecomConnections.Proxy("127.0.0.1", proxy.port(), "moat", "s3cret");

        var first = WecomConnections.post(url("localhost"), "{\"n\":1}".getBytes(), via);
        var second = WecomConnections.post(url("localhost"), "{\"n\":2}".getBytes(), via);

        assertThat(first.status()).isEqualTo(200);
        assertThat(second.status()).isEqualTo(200);
        assertThat(requests).hasSize(2);
        String basic = Base64.getEncoder().encodeToString("moat:s3cret".getBytes(StandardCharsets.UTF_8));
        assertThat(proxy.asked)
                .as("one tunnel for both calls, the credentials in the CONNECT")
                .containsExactly("CONNECT localhost:" + port + " HTTP/1.1 | Basic " + basic);
        assertThat(clientPorts).containsOnly(clientPorts.getFirst());
    }

    @Test
    void aProxyThatRefusesTheCredentialsIsAFailureNamingItsAnswer() throws IOException {
        proxy = new TunnelProxy("moat", "s3cret");
        var via = new WecomConnections.Proxy("127.0.0.1", proxy.port(), "moat", "wrong");

        assertThatThrownBy(() -> WecomConnections.post(url("localhost"), "{}".getBytes(), via))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("407")
                .hasMessageNotContaining("wrong");
        assertThat(requests).isEmpty();
    }

    @Test
    void theProxyComesFromWxJavasSettingsSoBothPathsUseIt() {
        var storage = new WxCpDefaultConfigImpl();
        assertThat(WecomConnections.Proxy.of(storage)).as("none set").isNull();

        storage.setHttpProxyHost("proxy.corp.example");
        storage.setHttpProxyPort(3128);
        storage.setHttpProxyUsername("moat");
        storage.setHttpProxyPassword("s3cret");

        assertThat(WecomConnections.Proxy.of(storage))
                .isEqualTo(new WecomConnections.Proxy("proxy.corp.example", 3128, "moat", "s3cret"))
                .hasToString("proxy.corp.example:3128");
    }

    /**
     * A minimal HTTP proxy: reads a CONNECT and its headers, answers 407 unless the Basic credentials match, else
     * connects to the target, answers 200 and copies bytes both ways until either side closes.
     */
    static final class TunnelProxy implements AutoCloseable {
        final List<String> asked = new CopyOnWriteArrayList<>();
        private final ServerSocket socket;
        private final String expected;

        TunnelProxy(String user, String password) throws IOException {
            this.socket = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
            this.expected = "Basic "
                    + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
            Thread.ofVirtual().start(() -> {
                while (!socket.isClosed()) {
                    try {
                        Socket client = socket.accept();
                        Thread.ofVirtual().start(() -> serve(client));
                    } catch (IOException closed) {
                        return;
                    }
                }
            });
        }

        int port() {
            return socket.getLocalPort();
        }

        private void serve(Socket client) {
            try (client) {
                InputStream in = client.getInputStream();
                OutputStream out = client.getOutputStream();
                String request = line(in);
                String authorization = "";
                for (String header = line(in); !header.isEmpty(); header = line(in)) {
                    if (header.toLowerCase(java.util.Locale.ROOT).startsWith("proxy-authorization:")) {
                        authorization =
                                header.substring(header.indexOf(':') + 1).trim();
                    }
                }
                asked.add(request + " | " + authorization);
                if (!authorization.equals(expected)) {
                    out.write(("HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"p\"\r\n"
                                    + "Content-Length: 0\r\n\r\n")
                            .getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                    return;
                }
                String[] target = request.split(" ")[1].split(":");
                try (Socket upstream = new Socket("127.0.0.1", Integer.parseInt(target[1]))) {
                    out.write("HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                    Thread back = Thread.ofVirtual().start(() -> copy(upstream, client));
                    copy(client, upstream);
                    back.join();
                }
            } catch (IOException | InterruptedException ignored) {
                // the test's connection ended
            }
        }

        private static void copy(Socket from, Socket to) {
            try {
                from.getInputStream().transferTo(to.getOutputStream());
                to.shutdownOutput();
            } catch (IOException ignored) {
                // one side closed
            }
        }

        private static String line(InputStream in) throws IOException {
            var line = new StringBuilder();
            for (int b = in.read(); b >= 0 && b != '\n'; b = in.read()) {
                if (b != '\r') {
                    line.append((char) b);
                }
            }
            return line.toString();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}

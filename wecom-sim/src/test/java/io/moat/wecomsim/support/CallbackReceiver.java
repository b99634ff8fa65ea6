package io.moat.wecomsim.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.moat.wecomsim.crypto.MsgCrypt;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.IntFunction;
import java.util.function.Predicate;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The app side of callbacks, as a test needs it: answers the URL handshake, checks every push's signature with the
 * simulator's own crypto, decrypts it and keeps the event. Each POST can be answered as a test scripts.
 */
public final class CallbackReceiver implements AutoCloseable {

    public static final String TOKEN = "hJqcu3uJ9Tn2gXPmxx2w9kkCkCE2EPYo";
    public static final String AES_KEY = "6qkdMrq68nTKduznJYO1A37W2oEgpkMUvkttRToqhUt";

    /** How to answer one POST. */
    public record Reply(int status, String body, Duration delay) {
        public static Reply success() {
            return new Reply(200, "success", Duration.ZERO);
        }
    }

    /** One received push: its envelope fields and the decrypted event. */
    public record Received(int postNumber, Map<String, String> envelope, Map<String, String> event, String xml) {}

    private final HttpServer server;
    private final MsgCrypt crypt;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final List<String> failures = new CopyOnWriteArrayList<>();
    private volatile IntFunction<Reply> replies = n -> Reply.success();
    private volatile boolean echoWrongly;
    private int posts;

    public CallbackReceiver(String corpId) {
        this.crypt = new MsgCrypt(TOKEN, AES_KEY, corpId);
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/wecom/callback", this::handle);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/wecom/callback";
    }

    /** Scripts the answer to the n-th POST (1-based). */
    public void replies(IntFunction<Reply> script) {
        this.replies = script;
    }

    public void echoWrongly() {
        this.echoWrongly = true;
    }

    public List<Received> received() {
        assertThat(failures).as("receiver saw bad pushes").isEmpty();
        return List.copyOf(received);
    }

    /** Waits up to five seconds for the received pushes to satisfy the condition. */
    public List<Received> await(Predicate<List<Received>> condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!condition.test(received()) && System.nanoTime() < deadline) {
            SimHarness.pause();
        }
        assertThat(condition.test(received())).as("received: %s", received).isTrue();
        return received();
    }

    private void handle(HttpExchange exchange) throws IOException {
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        try {
            if (exchange.getRequestMethod().equals("GET")) {
                String echo = crypt.verifyAndDecrypt(
                        query.get("msg_signature"), query.get("timestamp"), query.get("nonce"), query.get("echostr"));
                respond(exchange, 200, echoWrongly ? "\"" + echo + "\"" : echo);
                return;
            }
            int number;
            synchronized (this) {
                number = ++posts;
            }
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Map<String, String> envelope = fields(body);
            String xml = crypt.verifyAndDecrypt(
                    query.get("msg_signature"), query.get("timestamp"), query.get("nonce"), envelope.get("Encrypt"));
            received.add(new Received(number, envelope, fields(xml), xml));
            Reply reply = replies.apply(number);
            if (!reply.delay().isZero()) {
                Thread.sleep(reply.delay());
            }
            respond(exchange, reply.status(), reply.body());
        } catch (RuntimeException | InterruptedException e) {
            failures.add(String.valueOf(e));
            respond(exchange, 500, "bad push: " + e);
        }
    }

    /** Top-level elements of an XML document; Item children are joined with commas. */
    public static Map<String, String> fields(String xml) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Document document =
                    factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
            Map<String, String> out = new LinkedHashMap<>();
            NodeList children = document.getDocumentElement().getChildNodes();
            for (int i = 0; i < children.getLength(); i++) {
                if (children.item(i) instanceof Element element) {
                    out.put(element.getTagName(), valueOf(element));
                }
            }
            return out;
        } catch (Exception e) {
            throw new IllegalArgumentException("not XML: " + xml, e);
        }
    }

    private static String valueOf(Element element) {
        NodeList items = element.getElementsByTagName("Item");
        if (items.getLength() == 0) {
            return element.getTextContent();
        }
        List<String> values = new ArrayList<>();
        for (int i = 0; i < items.getLength(); i++) {
            Node item = items.item(i);
            values.add(item.getTextContent());
        }
        return String.join(",", values);
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new HashMap<>();
        if (raw == null) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            out.put(
                    URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

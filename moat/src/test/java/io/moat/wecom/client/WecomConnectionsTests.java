package io.moat.wecom.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The broker's HTTP/1.1 path against a plain JDK HTTP server: answers by length and by chunks, connections kept and
 * reused, a connection the server asks to close not reused, and a server that hangs up before answering reported as
 * a failure rather than retried (the caller decides whether a call may go out twice).
 */
class WecomConnectionsTests {

    private HttpServer server;
    private final List<Integer> clientPorts = new CopyOnWriteArrayList<>();
    private final List<String> bodies = new CopyOnWriteArrayList<>();
    private String base;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/length", exchange -> {
            record(exchange);
            byte[] answer = "{\"errcode\":0,\"msgid\":\"m1\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.createContext("/chunks", exchange -> {
            record(exchange);
            exchange.sendResponseHeaders(200, 0); // no length: the JDK server sends chunks
            for (String piece : List.of("{\"errcode\":0,", "\"errmsg\":\"好的\",", "\"msgid\":\"m2\"}")) {
                exchange.getResponseBody().write(piece.getBytes(StandardCharsets.UTF_8));
                exchange.getResponseBody().flush();
            }
            exchange.close();
        });
        server.createContext("/close", exchange -> {
            record(exchange);
            exchange.getResponseHeaders().set("Connection", "close");
            byte[] answer = "{}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.createContext("/hang-up", exchange -> {
            record(exchange); // read the request, then drop the connection unanswered
            exchange.close();
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void record(com.sun.net.httpserver.HttpExchange exchange) throws IOException {
        clientPorts.add(exchange.getRemoteAddress().getPort());
        bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8) + " "
                + exchange.getRequestURI());
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void answersByLengthAndByChunksAreReadWhole() throws IOException {
        var byLength = WecomConnections.post(base + "/length?access_token=t1", "{\"a\":1}".getBytes());
        var byChunks = WecomConnections.post(
                base + "/chunks?access_token=t1", "{\"b\":\"二\"}".getBytes(StandardCharsets.UTF_8));

        assertThat(byLength.status()).isEqualTo(200);
        assertThat(new String(byLength.body(), StandardCharsets.UTF_8)).isEqualTo("{\"errcode\":0,\"msgid\":\"m1\"}");
        assertThat(new String(byChunks.body(), StandardCharsets.UTF_8))
                .isEqualTo("{\"errcode\":0,\"errmsg\":\"好的\",\"msgid\":\"m2\"}");
        assertThat(bodies)
                .containsExactly("{\"a\":1} /length?access_token=t1", "{\"b\":\"二\"} /chunks?access_token=t1");
    }

    @Test
    void aKeptConnectionIsReused() throws IOException {
        for (int i = 0; i < 3; i++) {
            WecomConnections.post(base + "/length", "{}".getBytes());
            WecomConnections.post(base + "/chunks", "{}".getBytes());
        }

        assertThat(clientPorts).hasSize(6).containsOnly(clientPorts.getFirst());
    }

    @Test
    void aConnectionTheServerClosesIsNotReused() throws IOException {
        WecomConnections.post(base + "/close", "{}".getBytes());
        WecomConnections.post(base + "/close", "{}".getBytes());

        assertThat(clientPorts).hasSize(2).doesNotHaveDuplicates();
    }

    @Test
    void aHangUpBeforeTheAnswerIsAFailureNotARetry() {
        assertThatThrownBy(() -> WecomConnections.post(base + "/hang-up", "{}".getBytes()))
                .isInstanceOf(IOException.class);

        assertThat(bodies).hasSize(1); // the request went out once
    }
}

package io.moat.wecomsim.http;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JDK's HTTP server on the loopback interface, one virtual thread per request: blocking handlers are cheap and
 * a slow callback receiver never starves API calls.
 */
public final class SimHttpServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SimHttpServer.class);

    private final HttpServer server;
    private final ExecutorService executor;

    private SimHttpServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Hands every request to the handler; an escaping exception becomes a 500 so a client never hangs. */
    public static SimHttpServer start(int port, Consumer<HttpCall> handler) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1024);
            ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
            server.setExecutor(executor);
            server.createContext("/", exchange -> {
                HttpCall call = new HttpCall(exchange);
                try {
                    handler.accept(call);
                } catch (RuntimeException e) {
                    log.error("{} {} failed", call.method(), call.path(), e);
                    answerFailure(call, e);
                }
            });
            server.start();
            return new SimHttpServer(server, executor);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind 127.0.0.1:" + port, e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private static void answerFailure(HttpCall call, RuntimeException e) {
        try {
            call.respond(500, Json.object().put("error", String.valueOf(e)));
        } catch (RuntimeException ignored) {
            // The response was already started or the client left; nothing more can be said to it.
        }
    }
}

package intelmig.neo4j;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.neo4j.cli.AdminTool;
import org.neo4j.cli.ExecutionContext;
import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.SettingValueParsers;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.BoltConnectorInternalSettings;
import org.neo4j.configuration.connectors.ConnectorPortRegister;
import org.neo4j.configuration.connectors.ConnectorType;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.internal.helpers.HostnamePort;
import org.neo4j.kernel.internal.GraphDatabaseAPI;
import org.neo4j.server.configuration.ServerSettings;

/**
 * Minimal launcher for a local Neo4j 5.26 Community DBMS (embedded API + Bolt connector).
 *
 * <pre>
 *   java -Xmx768m -cp 'target/classes:target/lib/*' intelmig.neo4j.Launcher \
 *        [--port 7687|0] [--data DIR] [--host 127.0.0.1] [--pagecache 128m]
 *        [--no-auth] [--no-stdin] [--browser-post-connect CMD] [--browser-allowlist HOSTS]
 *   java -cp 'target/classes:target/lib/*' intelmig.neo4j.Launcher import --data DIR -- \
 *        [args of 'neo4j-admin database import', e.g. full --nodes=... neo4j]
 * </pre>
 *
 * Auth is enabled; the password of user {@code neo4j} is taken from the environment variable
 * NEO4J_LAUNCHER_PASSWORD (min. 8 characters) and (re)applied at every start.
 * Prints exactly one line {@code READY bolt://HOST:PORT} on stdout once Bolt accepts TCP
 * connections; all other output goes to stderr. Runs until stdin reaches EOF (unless
 * --no-stdin) or the JVM receives SIGTERM/SIGINT; the DBMS is shut down by a shutdown hook.
 *
 * <p>Neo4j Browser reads the browser.* and client.* settings on connect
 * ({@code CALL dbms.clientConfig()}): usage data and outgoing connections are always off;
 * {@code --browser-post-connect} sets the commands it runs after connecting (style, guide) and
 * {@code --browser-allowlist} the hosts it may fetch style sheets and guides from.
 */
public final class Launcher {
    private static final String PASSWORD_ENV = "NEO4J_LAUNCHER_PASSWORD";

    private Launcher() {}

    public static void main(String[] argv) throws Exception {
        // Keep stdout clean for the READY protocol: everything else goes to stderr.
        PrintStream protocol = System.out;
        System.setOut(System.err);

        if (argv.length > 0 && argv[0].equals("import")) {
            System.exit(runImport(Arrays.copyOfRange(argv, 1, argv.length)));
        }

        int port = 7687;
        String host = "127.0.0.1";
        Path data = Path.of("neo4j-data");
        String pagecache = "128m";
        boolean auth = true;
        boolean watchStdin = true;
        String postConnect = "";
        String allowlist = "localhost";
        for (int i = 0; i < argv.length; i++) {
            switch (argv[i]) {
                case "--port" -> port = Integer.parseInt(argv[++i]);
                case "--host" -> host = argv[++i];
                case "--data" -> data = Path.of(argv[++i]);
                case "--pagecache" -> pagecache = argv[++i];
                case "--no-auth" -> auth = false;
                case "--no-stdin" -> watchStdin = false;
                case "--browser-post-connect" -> postConnect = argv[++i];
                case "--browser-allowlist" -> allowlist = argv[++i];
                case "-h", "--help" -> {
                    System.err.println("usage: Launcher [--port N] [--data DIR] [--host H] [--pagecache 128m]"
                            + " [--no-auth] [--no-stdin] [--browser-post-connect CMD]"
                            + " [--browser-allowlist HOSTS] | import --data DIR -- <neo4j-admin database import args>");
                    System.exit(0);
                }
                default -> die("unknown argument: " + argv[i]);
            }
        }
        String password = System.getenv(PASSWORD_ENV);
        if (auth) {
            if (password == null || password.isEmpty()) {
                die(PASSWORD_ENV + " is not set (or pass --no-auth to disable authentication)");
            }
            if (password.length() < 8) {
                die(PASSWORD_ENV + " must have at least 8 characters (Neo4j password policy)");
            }
        }

        data = data.toAbsolutePath();
        Files.createDirectories(data);
        long t0 = System.nanoTime();

        DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(data)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress(host, port))
                .setConfig(BoltConnector.advertised_address, new SocketAddress(host, port))
                .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
                .setConfig(HttpConnector.enabled, false)
                .setConfig(HttpsConnector.enabled, false)
                .setConfig(GraphDatabaseSettings.default_listen_address, new SocketAddress(host))
                .setConfig(GraphDatabaseSettings.auth_enabled, auth)
                .setConfig(GraphDatabaseSettings.pagecache_memory, SettingValueParsers.BYTES.parse(pagecache))
                // Small disk footprint for test/dev databases.
                .setConfig(GraphDatabaseSettings.preallocate_logical_logs, false)
                .setConfig(GraphDatabaseSettings.logical_log_rotation_threshold, 16L * 1024 * 1024)
                .setConfig(GraphDatabaseSettings.keep_logical_logs, "2 files")
                .setConfig(GraphDatabaseSettings.udc_enabled, false)
                // Read by Neo4j Browser on connect.
                .setConfig(ServerSettings.allow_telemetry, false)
                .setConfig(BrowserSettings.allow_outgoing_connections, false)
                .setConfig(ServerSettings.browser_post_connect_cmd, postConnect)
                .setConfig(ServerSettings.browser_remote_content_hostname_whitelist, allowlist)
                // Fast shutdown (defaults wait ~10 s for Bolt connections/threads that are gone anyway).
                .setConfig(BoltConnectorInternalSettings.connection_shutdown_wait_time, Duration.ofSeconds(1))
                .setConfig(BoltConnectorInternalSettings.thread_pool_shutdown_wait_time, Duration.ofSeconds(2))
                .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0)
                .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_timeout, Duration.ofSeconds(5))
                .build();

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.err.println("[launcher] shutting down Neo4j ...");
            try {
                dbms.shutdown();
                System.err.println("[launcher] Neo4j stopped cleanly");
            } catch (Throwable t) {
                System.err.println("[launcher] error during shutdown: " + t);
            } finally {
                stopped.countDown();
            }
        }, "neo4j-shutdown"));

        if (auth) {
            setPassword(dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME), password);
        }

        GraphDatabaseService db = dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
        HostnamePort bound = ((GraphDatabaseAPI) db).getDependencyResolver()
                .resolveDependency(ConnectorPortRegister.class)
                .getLocalAddress(ConnectorType.BOLT);
        if (bound == null) {
            die("Bolt connector did not register a local address");
        }
        int boundPort = bound.getPort();
        waitForTcp(host, boundPort, 60_000);

        System.err.printf("[launcher] Neo4j %s started in %.1f s, data=%s, auth=%s%n",
                org.neo4j.kernel.internal.Version.getNeo4jVersion(),
                (System.nanoTime() - t0) / 1e9, data, auth ? "enabled (user neo4j)" : "DISABLED");
        protocol.println("READY bolt://" + formatHost(host) + ":" + boundPort);
        protocol.flush();

        if (watchStdin) {
            InputStream in = System.in;
            byte[] buf = new byte[256];
            try {
                while (in.read(buf) != -1) {
                    // ignore input; EOF means our parent went away or asked us to stop
                }
            } catch (IOException ignored) {
                // treat as EOF
            }
            System.err.println("[launcher] stdin closed");
            System.exit(0); // runs the shutdown hook
        } else {
            stopped.await(); // until SIGTERM/SIGINT
        }
    }

    /** Sets the password of user neo4j through the system database (embedded, no auth needed). */
    private static void setPassword(GraphDatabaseService system, String password) {
        try {
            system.executeTransactionally(
                    "ALTER USER neo4j SET PLAINTEXT PASSWORD $pw CHANGE NOT REQUIRED", Map.of("pw", password));
        } catch (RuntimeException e) {
            String msg = String.valueOf(e.getMessage());
            if (msg.contains("Old password and new password cannot be the same")) {
                return; // already set on a previous start
            }
            throw e;
        }
    }

    private static int runImport(String[] argv) throws IOException {
        Path data = Path.of("neo4j-data");
        List<String> rest = new ArrayList<>();
        int i = 0;
        for (; i < argv.length; i++) {
            if (argv[i].equals("--data")) {
                data = Path.of(argv[++i]);
            } else if (argv[i].equals("--")) {
                i++;
                break;
            } else {
                break;
            }
        }
        rest.addAll(Arrays.asList(argv).subList(i, argv.length));
        data = data.toAbsolutePath();
        Path conf = data.resolve("conf");
        Files.createDirectories(conf);
        List<String> args = new ArrayList<>(List.of("database", "import"));
        args.addAll(rest);
        System.err.println("[launcher] neo4j-admin " + String.join(" ", args) + "  (NEO4J_HOME=" + data + ")");
        return AdminTool.execute(new ExecutionContext(data, conf), args.toArray(new String[0]));
    }

    private static void waitForTcp(String host, int port, long timeoutMs) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(host, port), 1000);
                return;
            } catch (IOException e) {
                if (System.currentTimeMillis() > deadline) {
                    die("Bolt port " + port + " did not accept connections: " + e);
                }
                Thread.sleep(100);
            }
        }
    }

    private static String formatHost(String host) {
        return host.contains(":") ? "[" + host + "]" : host;
    }

    private static void die(String msg) {
        System.err.println("[launcher] ERROR: " + msg);
        System.exit(2);
    }
}

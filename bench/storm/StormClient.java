import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** n connections opened first, then one GET of path each at once; prints "ok=N slowest_ms=X". */
public class StormClient {
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        String path = args[1];
        int n = Integer.parseInt(args[2]);
        String pid = args.length > 3 ? args[3] : null;
        List<Socket> conns = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Socket s = new Socket("127.0.0.1", port);
            s.setSoTimeout(30_000);
            conns.add(s);
        }
        byte[] req = ("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
        CountDownLatch ready = new CountDownLatch(n);
        CountDownLatch go = new CountDownLatch(1);
        AtomicLong slowest = new AtomicLong();
        AtomicInteger ok = new AtomicInteger();
        long[] released = new long[1];
        List<Thread> threads = new ArrayList<>();
        for (Socket s : conns) {
            Thread t = new Thread(() -> {
                ready.countDown();
                try {
                    go.await();
                    OutputStream out = s.getOutputStream();
                    out.write(req);
                    out.flush();
                    InputStream in = s.getInputStream();
                    byte[] buf = new byte[65536];
                    StringBuilder head = new StringBuilder();
                    int r;
                    int contentLength = -1;
                    int body = 0;
                    while ((r = in.read(buf)) > 0) {
                        if (contentLength < 0) {
                            head.append(new String(buf, 0, r, StandardCharsets.ISO_8859_1));
                            int end = head.indexOf("\r\n\r\n");
                            if (end < 0) {
                                continue;
                            }
                            String h = head.substring(0, end).toLowerCase();
                            int i = h.indexOf("content-length:");
                            contentLength = Integer.parseInt(h.substring(i + 15, h.indexOf('\r', i) < 0 ? h.length() : h.indexOf('\r', i)).trim());
                            body = head.length() - end - 4;
                            if (h.startsWith("http/1.1 200")) {
                                ok.incrementAndGet();
                            }
                        } else {
                            body += r;
                        }
                        if (body >= contentLength) {
                            break;
                        }
                    }
                    slowest.accumulateAndGet(System.nanoTime() - released[0], Math::max);
                } catch (Exception e) {
                    System.err.println(e);
                }
            });
            t.start();
            threads.add(t);
        }
        ready.await();
        Thread.sleep(200);
        long ticks0 = ticks(pid);
        released[0] = System.nanoTime();
        go.countDown();
        for (Thread t : threads) {
            t.join();
        }
        long ticks1 = ticks(pid);
        for (Socket s : conns) {
            s.close();
        }
        // CLK_TCK is 100 on Linux
        System.out.printf("ok=%d slowest_ms=%.1f edge_cpu_ms_from_release=%d%n", ok.get(), slowest.get() / 1e6,
                (ticks1 - ticks0) * 10);
    }

    /** utime + stime of process {@code pid} in clock ticks, 0 without a pid. */
    private static long ticks(String pid) throws java.io.IOException {
        if (pid == null) {
            return 0;
        }
        String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }
}

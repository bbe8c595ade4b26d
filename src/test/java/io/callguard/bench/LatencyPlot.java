package io.callguard.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.imageio.ImageIO;

import org.HdrHistogram.Histogram;

/** Draws latency-by-percentile curves (x: 0 to 99.99 % on a "nines" scale, y: ms) as a PNG. */
final class LatencyPlot {

    private static final Color[] COLORS = {
        new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0x9467bd)
    };
    private static final double[] PERCENTILES = {0, 50, 75, 90, 95, 99, 99.5, 99.9, 99.95, 99.99};

    private LatencyPlot() {}

    static void write(Path file, String title, Map<String, Histogram> series) throws IOException {
        int w = 900;
        int h = 500;
        int left = 70;
        int right = 20;
        int top = 40;
        int bottom = 60;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        double maxMs = 1;
        for (Histogram hist : series.values()) {
            maxMs = Math.max(maxMs, hist.getValueAtPercentile(99.99) / 1000.0);
        }
        maxMs = Math.ceil(maxMs * 1.1);
        double maxX = nines(99.99);
        g.setColor(Color.LIGHT_GRAY);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        for (double p : PERCENTILES) {
            int x = left + (int) ((w - left - right) * nines(p) / maxX);
            g.drawLine(x, top, x, h - bottom);
            g.setColor(Color.DARK_GRAY);
            g.drawString(p + "%", x - 12, h - bottom + 15);
            g.setColor(Color.LIGHT_GRAY);
        }
        for (int i = 0; i <= 5; i++) {
            int y = h - bottom - (h - top - bottom) * i / 5;
            g.drawLine(left, y, w - right, y);
            g.setColor(Color.DARK_GRAY);
            g.drawString(String.format("%.1f ms", maxMs * i / 5), 5, y + 4);
            g.setColor(Color.LIGHT_GRAY);
        }
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.drawString(title, left, 25);
        g.setStroke(new BasicStroke(2f));
        int c = 0;
        for (Map.Entry<String, Histogram> e : series.entrySet()) {
            g.setColor(COLORS[c % COLORS.length]);
            int px = -1;
            int py = -1;
            for (double p = 0; p <= 99.99; p = p < 90 ? p + 1 : p + (100 - p) / 20) {
                int x = left + (int) ((w - left - right) * nines(p) / maxX);
                double ms = e.getValue().getValueAtPercentile(p) / 1000.0;
                int y = h - bottom - (int) ((h - top - bottom) * Math.min(ms, maxMs) / maxMs);
                if (px >= 0) {
                    g.drawLine(px, py, x, y);
                }
                px = x;
                py = y;
            }
            g.drawString(e.getKey(), left + 10 + 220 * c, h - 20);
            c++;
        }
        g.dispose();
        Files.createDirectories(file.toAbsolutePath().getParent());
        ImageIO.write(img, "png", file.toFile());
    }

    private static double nines(double percentile) {
        return -Math.log10(1 - Math.min(percentile, 99.999) / 100.0);
    }

    static Map<String, Histogram> ordered() {
        return new LinkedHashMap<>();
    }
}

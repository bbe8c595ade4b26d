package io.callguard.it;

import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import io.callguard.tools.CallMix;

/** Plays the switch in the background at a constant rate, remembering every callId it sent (bounded in time). */
final class LoadDriver implements AutoCloseable {

    private final List<String> sent = new CopyOnWriteArrayList<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    LoadDriver(String bootstrap, String topic, String runId, double rate, double malformedShare, long maxSeconds) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 2);
        // Keep retrying through a broker restart: the switch does not drop calls either.
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000);
        thread = new Thread(
                () -> {
                    CallMix mix = new CallMix(runId.hashCode(), malformedShare);
                    long interval = (long) (1e9 / rate);
                    long start = System.nanoTime();
                    long deadline = start + maxSeconds * 1_000_000_000L;
                    try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
                        for (int i = 0; running.get() && System.nanoTime() < deadline; i++) {
                            long wait = start + i * interval - System.nanoTime();
                            if (wait > 0) {
                                LockSupport.parkNanos(wait);
                            }
                            String callId = runId + "-" + i;
                            CallMix.Event e = mix.next(callId, System.currentTimeMillis());
                            if (e.malformed()) {
                                producer.send(new ProducerRecord<>(topic, callId, e.json()));
                            } else {
                                sent.add(callId);
                                producer.send(new ProducerRecord<>(topic, e.key(), e.json()));
                            }
                        }
                        producer.flush();
                    }
                },
                "load-driver");
        thread.start();
    }

    /** Stops sending and returns once every sent event is acknowledged by the broker. */
    List<String> stop() throws InterruptedException {
        running.set(false);
        thread.join();
        return List.copyOf(sent);
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}

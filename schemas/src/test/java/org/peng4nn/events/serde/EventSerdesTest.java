package org.peng4nn.events.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.stream.Stream;

import org.apache.avro.SchemaNormalization;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.peng4nn.events.EpochMetric;
import org.peng4nn.events.SampleEvents;

class EventSerdesTest {

    static Stream<Arguments> everyEvent() {
        return Stream.of(
                Arguments.of(EventSerdes.trainingJob(), SampleEvents.trainingJob()),
                Arguments.of(EventSerdes.epochMetric(), SampleEvents.epochMetric(3.5, 71.25)),
                Arguments.of(EventSerdes.epochMetric(), SampleEvents.epochMetricWithoutOptionals()),
                Arguments.of(EventSerdes.stopCommand(), SampleEvents.stopCommand()),
                Arguments.of(EventSerdes.prediction(), SampleEvents.prediction()),
                Arguments.of(EventSerdes.modelResult(), SampleEvents.modelResult()),
                Arguments.of(EventSerdes.modelResult(), SampleEvents.failedModelResult()));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("everyEvent")
    <T extends SpecificRecord> void roundTrips(AvroSerde<T> serde, T event) {
        byte[] bytes = serde.serializer().serialize("topic", event);

        assertThat(serde.deserializer().deserialize("topic", bytes)).isEqualTo(event);
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("everyEvent")
    <T extends SpecificRecord> void writesTheSingleObjectHeaderWithTheCurrentFingerprint(AvroSerde<T> serde, T event) {
        byte[] bytes = serde.serialize("topic", event);

        assertThat(Arrays.copyOf(bytes, 2)).containsExactly(0xC3, 0x01);
        long fingerprint = ByteBuffer.wrap(bytes, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertThat(fingerprint).isEqualTo(SchemaNormalization.parsingFingerprint64(event.getSchema()));
    }

    @Test
    void tombstonesStayNull() {
        AvroSerde<EpochMetric> serde = EventSerdes.epochMetric();

        assertThat(serde.serialize("topic", null)).isNull();
        assertThat(serde.deserialize("topic", null)).isNull();
    }

    @Test
    void keepsTimestampsToTheMillisecond() {
        EpochMetric event = SampleEvents.epochMetric(0, 10);
        AvroSerde<EpochMetric> serde = AvroSerde.of(EpochMetric.class);

        EpochMetric back = serde.deserialize("topic", serde.serialize("topic", event));

        assertThat(back.getEventTime()).isEqualTo(SampleEvents.T0);
        assertThat(back.getMetric()).isEqualTo("val_acc");
    }

    @Test
    void refusesToEncodeAnEventMissingARequiredField() {
        EpochMetric broken = SampleEvents.epochMetric(1, 20);
        broken.setModelId(null);

        assertThatThrownBy(() -> EventSerdes.epochMetric().serialize("peng4nn.epochs", broken))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("EpochMetric")
                .hasMessageContaining("peng4nn.epochs");
    }

    @Test
    void isItsOwnSerializerAndDeserializer() {
        AvroSerde<EpochMetric> serde = EventSerdes.epochMetric();

        assertThat(serde.serializer()).isSameAs(serde);
        assertThat(serde.deserializer()).isSameAs(serde);
        assertThat(serde.type()).isEqualTo(EpochMetric.class);
        assertThat(serde.schema()).isEqualTo(EpochMetric.getClassSchema());
    }
}

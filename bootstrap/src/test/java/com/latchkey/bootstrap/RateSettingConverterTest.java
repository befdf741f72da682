package com.latchkey.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.core.convert.ConversionContext;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RateSettingConverterTest {

    private final RateSettingConverter converter = new RateSettingConverter();

    @ParameterizedTest
    @ValueSource(strings = {"5/PT15M", " 5 / PT15M ", "1000000000/P366D"})
    void aCountPerPeriodIsRead(String value) {
        assertThat(converter.convert(value, RateSetting.class, ConversionContext.DEFAULT))
                .get()
                .satisfies(setting -> assertThat(setting.capacity()).isPositive())
                .satisfies(setting -> assertThat(setting.period()).isPositive());
        assertThat(converter.convert("5/PT15M", RateSetting.class, ConversionContext.DEFAULT))
                .contains(new RateSetting(5, Duration.ofMinutes(15)));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "lots",
                "5",
                "5/PT15M/",
                "5/PT15M/x",
                "0/PT1M",
                "-1/PT1M",
                "5/PT0S",
                "5/-PT1M",
                "1000000001/PT1M",
                "5/P367D",
                "99999999999999999999/PT1M",
                "/PT1M"
            })
    void anythingElseStopsTheStartNamingWhatItAccepts(String value) {
        assertThatThrownBy(() -> converter.convert(value, RateSetting.class, ConversionContext.DEFAULT))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("must be <count>/<ISO-8601 period> such as 5/PT15M");
    }
}

package com.latchkey.adapters.web;

import com.latchkey.application.port.in.ReportLeakedKeysUseCase;
import com.latchkey.domain.ClientAddress;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The leak reports use case, scripted: signature "good" is signed, and every token is ours when it starts with eck_. */
@Singleton
class FakeLeakReports implements ReportLeakedKeysUseCase {

    final List<Report> reports = new CopyOnWriteArrayList<>();

    @Override
    public Result report(Report report, ClientAddress reporter) {
        reports.add(report);
        if (!report.signature().equals("good")) {
            return new Result.NotSigned();
        }
        return report.tokens()
                .get()
                .<Result>map(tokens -> new Result.Accepted(tokens.stream()
                        .map(token -> new Labelled(
                                token, token.token().startsWith("eck_") ? Label.TRUE_POSITIVE : Label.FALSE_POSITIVE))
                        .toList()))
                .orElseGet(() -> new Result.Malformed("not a report"));
    }
}

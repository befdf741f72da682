package com.latchkey.adapters.web;

import com.latchkey.application.port.in.DescribeStoredDataUseCase;
import com.latchkey.application.port.in.DescribeStoredDataUseCase.StoredData;
import io.micronaut.context.annotation.Property;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Hidden;
import java.util.stream.Collectors;

/**
 * {@code /privacy}: the owner's rights (ask for an export or erasure link; with the link, download
 * or erase) and the data inventory (SPEC §9), rendered once from the one inventory in the code, so
 * the page says what the service does, not what someone remembered to write.
 */
@Controller
@Hidden
@ExecuteOn(TaskExecutors.BLOCKING)
class PrivacyPageController {

    private final String page;

    PrivacyPageController(
            DescribeStoredDataUseCase inventory,
            @Property(name = "latchkey.brand", defaultValue = "EasyCommerce") String brand) {
        String entries = inventory.inventory().stream()
                .map(PrivacyPageController::section)
                .collect(Collectors.joining("\n"));
        this.page = PagesController.page("privacy", brand).replace("{{inventory}}", entries);
    }

    /** The same page for the links of export and erasure mails: its script reads the path and the token. */
    @Get(uris = {"/privacy", "/privacy/export", "/privacy/erase"})
    HttpResponse<String> privacy() {
        return HttpResponse.ok(page)
                .contentType(MediaType.of("text/html; charset=utf-8"))
                .header("Cache-Control", "no-store");
    }

    private static String section(StoredData data) {
        return """
                <section class="card inventory">
                  <h2>%s%s</h2>
                  <dl>
                    <dt>What</dt><dd>%s</dd>
                    <dt>Why</dt><dd>%s</dd>
                    <dt>How long</dt><dd>%s</dd>
                    <dt>Who sees it</dt><dd>%s</dd>
                  </dl>
                </section>""".formatted(
                        PagesController.escape(data.record()),
                        data.personal() ? " <small>personal data</small>" : "",
                        PagesController.escape(data.holds()),
                        PagesController.escape(data.why()),
                        PagesController.escape(data.keptFor()),
                        PagesController.escape(data.whoSees()));
    }
}

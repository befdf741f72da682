package com.latchkey.adapters.web;

import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Error;
import io.micronaut.http.server.exceptions.NotFoundException;
import io.swagger.v3.oas.annotations.Hidden;

/**
 * The answer to an address no route serves: 404 problem+json. Left to itself, Micronaut finds the
 * same answer through an exception handler that it looks up for every such request, on the event
 * loop: a scan of every bean definition that its cache never keeps (the lookup's qualifier has no
 * equality), which made an unknown address cost two to three times the CPU of the cheapest route.
 * A global error route for {@link NotFoundException} is found before that lookup, in the router's
 * own table. Unknown addresses are what scanners send; they should cost no more than any other
 * answer from memory.
 */
@Controller
@Hidden
class UnknownAddressController {

    @Error(global = true, exception = NotFoundException.class)
    HttpResponse<?> nothingHere(HttpRequest<?> request) {
        if (request.getMethod() == HttpMethod.HEAD) {
            return HttpResponse.notFound();
        }
        return ProblemErrorResponseProcessor.problemFor(HttpStatus.NOT_FOUND).toResponse();
    }
}

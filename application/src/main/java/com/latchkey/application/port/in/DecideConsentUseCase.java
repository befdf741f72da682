package com.latchkey.application.port.in;

import com.latchkey.domain.ClientAddress;
import com.latchkey.domain.Scope;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;

/** The owner holding a consent link approves or denies what was asked; the link then works no more. */
public interface DecideConsentUseCase {

    Result decide(Command command);

    enum Decision {
        APPROVE,
        DENY
    }

    record Command(String token, Decision decision, ClientAddress client) {

        public Command {
            Objects.requireNonNull(token, "token");
            Objects.requireNonNull(decision, "decision");
            Objects.requireNonNull(client, "client");
        }

        @Override
        public String toString() {
            return "Command[" + decision + "]";
        }
    }

    sealed interface Result {

        /** Approved: {@code scopes} is everything the integration now holds from this owner. */
        record Granted(SortedSet<Scope> scopes) implements Result {

            public Granted {
                scopes = new TreeSet<>(scopes);
            }
        }

        record Denied() implements Result {}

        /** Used, expired, unknown or malformed: one answer for all. */
        record LinkNotValid() implements Result {}
    }
}

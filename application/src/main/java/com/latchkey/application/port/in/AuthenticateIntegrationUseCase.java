package com.latchkey.application.port.in;

/** Tells an integration presenting a key which store it belongs to, if the key is active. */
public interface AuthenticateIntegrationUseCase {

    AuthenticateIntegrationResult authenticate(PresentedKeyCommand command);
}

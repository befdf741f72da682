package com.latchkey.archfixture.adapters.web;

import com.latchkey.archfixture.adapters.mail.MailAdapterUsingWeb;
import com.latchkey.archfixture.application.port.out.SomePort;
import com.latchkey.archfixture.application.service.ServiceReachingAnAdapter;
import jakarta.inject.Inject;

public class ControllerUsingServiceAndPortOut {

    @Inject
    ServiceReachingAnAdapter service;

    SomePort port;

    MailAdapterUsingWeb mail;
}

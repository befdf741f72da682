package com.latchkey.archfixture.adapters.mail;

import com.latchkey.archfixture.adapters.web.ControllerUsingServiceAndPortOut;

public class MailAdapterUsingWeb {
    ControllerUsingServiceAndPortOut controller;
}

package com.latchkey.archfixture.application.service;

import com.latchkey.archfixture.adapters.mail.MailAdapterUsingWeb;

public class ServiceReachingAnAdapter {
    public MailAdapterUsingWeb adapter;
}

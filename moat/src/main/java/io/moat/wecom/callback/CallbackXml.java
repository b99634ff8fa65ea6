package io.moat.wecom.callback;

import io.moat.wecom.callback.CallbackRejected.Reason;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Reads WeCom's flat {@code <xml>…</xml>} documents into field maps. Hardened against hostile input: no DOCTYPE,
 * no external entities, bounded size; anything else malformed is a {@link CallbackRejected}.
 */
public final class CallbackXml {

    static final int MAX_CHARS = 256 * 1024;
    private static final DocumentBuilderFactory FACTORY = hardenedFactory();

    private CallbackXml() {}

    /** A parsed document: its top-level text fields and, where present, the {@code <Item>}s of list fields. */
    public record Fields(Map<String, String> values, Map<String, List<String>> lists) {
        public String get(String name) {
            return values.getOrDefault(name, "");
        }
    }

    public static Fields parse(String xml) {
        if (xml.length() > MAX_CHARS) {
            throw new CallbackRejected(Reason.MALFORMED_XML, "document larger than " + MAX_CHARS + " characters");
        }
        Element root;
        try {
            DocumentBuilder builder = FACTORY.newDocumentBuilder();
            builder.setErrorHandler(SILENT);
            root = builder.parse(new InputSource(new StringReader(xml))).getDocumentElement();
        } catch (SAXException | IOException | ParserConfigurationException | RuntimeException e) {
            throw new CallbackRejected(Reason.MALFORMED_XML, "not well-formed XML");
        }
        if (!"xml".equals(root.getTagName())) {
            throw new CallbackRejected(Reason.MALFORMED_XML, "root element is not <xml>");
        }
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, List<String>> lists = new LinkedHashMap<>();
        for (Node child = root.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element field) {
                List<String> items = items(field);
                if (items.isEmpty()) {
                    values.put(field.getTagName(), field.getTextContent().strip());
                } else {
                    lists.put(field.getTagName(), items);
                    values.put(field.getTagName(), String.join(",", items));
                }
            }
        }
        return new Fields(values, lists);
    }

    private static List<String> items(Element field) {
        List<String> items = new ArrayList<>();
        for (Node child = field.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element item && "Item".equals(item.getTagName())) {
                items.add(item.getTextContent().strip());
            }
        }
        return items;
    }

    private static DocumentBuilderFactory hardenedFactory() {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            factory.setXIncludeAware(false);
            factory.setExpandEntityReferences(false);
            factory.setNamespaceAware(false);
            return factory;
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's XML parser cannot be hardened", e);
        }
    }

    private static final ErrorHandler SILENT = new ErrorHandler() {
        @Override
        public void warning(SAXParseException e) {}

        @Override
        public void error(SAXParseException e) throws SAXException {
            throw e;
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
            throw e;
        }
    };
}

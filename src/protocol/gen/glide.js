/*eslint-disable block-scoped-var, id-length, no-control-regex, no-magic-numbers, no-mixed-operators, no-prototype-builtins, no-redeclare, no-shadow, no-var, sort-vars, default-case, jsdoc/require-param*/
import $protobuf from "protobufjs/minimal.js";

// Common aliases
const $Reader = $protobuf.Reader, $Writer = $protobuf.Writer, $util = $protobuf.util;
const $Object = $util.global.Object, $undefined = $util.global.undefined, $Error = $util.global.Error, $RangeError = $util.global.RangeError;

// Exported root namespace
const $root = $protobuf.roots["default"] || ($protobuf.roots["default"] = {});

export const glide = $root.glide = (() => {

    /**
     * Namespace glide.
     * @exports glide
     * @namespace
     */
    const glide = {};

    glide.v1 = (function() {

        /**
         * Namespace v1.
         * @memberof glide
         * @namespace
         */
        const v1 = {};

        v1.Envelope = (function() {

            /**
             * Properties of an Envelope.
             * @typedef {Object} glide.v1.Envelope.$Properties
             * @property {number|null} [ver] Envelope ver
             * @property {number|null} [seq] Envelope seq
             * @property {string|null} [action] Envelope action
             * @property {number|null} [from] Envelope from
             * @property {number|null} [to] Envelope to
             * @property {string|null} [msg] Envelope msg
             * @property {string|null} [ticket] Envelope ticket
             * @property {string|null} [sign] Envelope sign
             * @property {Object.<string,string>|null} [extra] Envelope extra
             * @property {glide.v1.ChatMessage.$Properties|null} [chat] Envelope chat
             * @property {glide.v1.AckMessage.$Properties|null} [ackMessage] Envelope ackMessage
             * @property {glide.v1.AckNotify.$Properties|null} [ackNotify] Envelope ackNotify
             * @property {glide.v1.AckRequest.$Properties|null} [ackRequest] Envelope ackRequest
             * @property {glide.v1.AckGroupMsg.$Properties|null} [ackGroupMsg] Envelope ackGroupMsg
             * @property {glide.v1.AckRead.$Properties|null} [ackRead] Envelope ackRead
             * @property {glide.v1.CliMessage.$Properties|null} [cli] Envelope cli
             * @property {glide.v1.Authenticate.$Properties|null} [authenticate] Envelope authenticate
             * @property {glide.v1.ApiAuth.$Properties|null} [apiAuth] Envelope apiAuth
             * @property {glide.v1.ApiAuthReply.$Properties|null} [apiAuthReply] Envelope apiAuthReply
             * @property {glide.v1.FailedSend.$Properties|null} [failedSend] Envelope failedSend
             * @property {glide.v1.KickoutNotice.$Properties|null} [kickout] Envelope kickout
             * @property {glide.v1.LoginNotice.$Properties|null} [login] Envelope login
             * @property {glide.v1.ContactNotice.$Properties|null} [contact] Envelope contact
             * @property {glide.v1.PresenceEvent.$Properties|null} [presence] Envelope presence
             * @property {glide.v1.GroupNotice.$Properties|null} [groupNotice] Envelope groupNotice
             * @property {glide.v1.MessageEvent.$Properties|null} [messageEvent] Envelope messageEvent
             * @property {Uint8Array|null} [json] Envelope json
             * @property {"chat"|"ackMessage"|"ackNotify"|"ackRequest"|"ackGroupMsg"|"ackRead"|"cli"|"authenticate"|"apiAuth"|"apiAuthReply"|"failedSend"|"kickout"|"login"|"contact"|"presence"|"groupNotice"|"messageEvent"|"json"} [data] Envelope data
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of an Envelope.
             * @memberof glide.v1
             * @interface IEnvelope
             * @augments glide.v1.Envelope.$Properties
             * @deprecated Use glide.v1.Envelope.$Properties instead.
             */

            /**
             * Narrowed shape of an Envelope.
             * @typedef {{
             *   ver?: number|null;
             *   seq?: number|null;
             *   action?: string|null;
             *   from?: number|null;
             *   to?: number|null;
             *   msg?: string|null;
             *   ticket?: string|null;
             *   sign?: string|null;
             *   extra?: Object.<string,string>|null;
             *   chat?: glide.v1.ChatMessage.$Shape|null;
             *   ackMessage?: glide.v1.AckMessage.$Shape|null;
             *   ackNotify?: glide.v1.AckNotify.$Shape|null;
             *   ackRequest?: glide.v1.AckRequest.$Shape|null;
             *   ackGroupMsg?: glide.v1.AckGroupMsg.$Shape|null;
             *   ackRead?: glide.v1.AckRead.$Shape|null;
             *   cli?: glide.v1.CliMessage.$Shape|null;
             *   authenticate?: glide.v1.Authenticate.$Shape|null;
             *   apiAuth?: glide.v1.ApiAuth.$Shape|null;
             *   apiAuthReply?: glide.v1.ApiAuthReply.$Shape|null;
             *   failedSend?: glide.v1.FailedSend.$Shape|null;
             *   kickout?: glide.v1.KickoutNotice.$Shape|null;
             *   login?: glide.v1.LoginNotice.$Shape|null;
             *   contact?: glide.v1.ContactNotice.$Shape|null;
             *   presence?: glide.v1.PresenceEvent.$Shape|null;
             *   groupNotice?: glide.v1.GroupNotice.$Shape|null;
             *   messageEvent?: glide.v1.MessageEvent.$Shape|null;
             *   json?: Uint8Array|null;
             *   $unknowns?: Array.<Uint8Array>;
             * } & (
             *   ({ data?: undefined; chat?: null; ackMessage?: null; ackNotify?: null; ackRequest?: null; ackGroupMsg?: null; ackRead?: null; cli?: null; authenticate?: null; apiAuth?: null; apiAuthReply?: null; failedSend?: null; kickout?: null; login?: null; contact?: null; presence?: null; groupNotice?: null; messageEvent?: null; json?: null }|{ data?: "chat"; chat: glide.v1.ChatMessage.$Shape; ackMessage?: null; ackNotify?: null; ackRequest?: null; ackGroupMsg?: null; ackRead?: null; cli?: null; authenticate?: null; apiAuth?: null; apiAuthReply?: null; failedSend?: null; kickout?: null; login?: null; contact?: null; presence?: null; groupNotice?: null; messageEvent?: null; json?: null }|{ data?: "ackMessage"; chat?: null; ackMessage: glide.v1.AckMessage.$Shape; ackNotify?: null; ackRequest?: null; ackGroupMsg?: null; ackRead?: null; cli?: null; authenticate?: null; apiAuth?: null; apiAuthReply?: null; failedSend?: null; kickout?: null; login?: null; contact?: null; presence?: null; groupNotice?: null; messageEvent?: null; json?: null }|{ data?: "ackNotify"; chat?: null; ackMessage?: null; ackNotify: glide.v1.AckNotify.$Shape; ackRequest?: null; ackGroupMsg?: null; ackRead?: null; cli?: null; authenticate?: null; apiAuth?: null; apiAuthReply?: null; failedSend?: null; kickout?: null; login?: null; contact?: null; presence?: null; groupNotice?: null; messageEvent?: null; json?: null }|{ data?: "ackRequest"; chat?: null; ackMessage?: null; ackNotify?: null; ackRequest: glide.v1.AckRequest.$Shape; ackGroupMsg?: null; ackRead?: null; cli?: null; authenticate?: null; apiAuth?: null; apiAuthReply?: null; failedSend?: null; kickout?: null; login?: null; contact?: null; presence?: null; groupNotice?: null; messageEvent?: null; json?: null }|{ data?: "ackGroupMsg"; chat?: null; ackMessage?: null; ackNotify?: null; ackRequest?: null; ackGroupMsg: glide.v1.AckGroupMsg.$Shape; ackRead?: null; cli?: null; authenticate?: null; apiAuth?: null; apiAuthReply?: null; failedSend?: null; kickout?: null; login?: null; contact?: null; presence?: null; groupNotice?: null; messageEvent?: null; json?: null }|{ data?: "ackRead"; chat?: null; ackMessage?: null; ackNotify?: null; ackRequest?: null; ackGroupMsg?: null; ackRead: glide.v1.AckRead.$Shape; cli?: null; authenticate?: null; apiAuth?: null; apiAuthReply?: null; failedSend?: null; kickout?: null; login?: null; contact?: null; presence?: null; groupNotice?: null; messageEvent?: null; json?: null }|{ data?: "cli"; chat?: null; ackMessage?: null; ackNotify?: null; ackRequest?: null; ackGroupMsg?: null; ackRead?: null; cli: glide.v1.CliMessage.$Shape; authenticate?: null; apiAuth?: null; apiAuthReply?: null; failedSend?: null; kickout?: null; login?: null; contact?: null; presence?: null; groupNotice?: null; messageEvent?: null; json?: null }|{ data?: "authenticate"; chat?: null; ackMessage?: null; ackNotify?: null; ackRequest?: null; ackGroupMsg?: null; ackRead?: null; cli?: null; authenticate: glide.v1.Authenticate.$Shape; apiAuth?: null; apiAuthReply?: null; failedSend?: null; kickout?: null; login?: null; contact?: null; presence?: null; groupNotice?: null; messageEvent?: null; json?: null }|{ data?: "apiAuth"; chat?: null; ackMessage?: null; ackNotify?: null; ackRequest?: null; ackGroupMsg?: null; ackRead?: null; cli?: null; authenticate?: null; apiAuth: glide.v1.ApiAuth.$Shape; apiAuthReply?: null; failedSend?: null; kickout?: null; login?: null; contact?: null; presence?: null; groupNotice?: null; messageEvent?: null; json?: null }|{ data?: "apiAuthReply"; chat?: null; ackMessage?: null; ackNotify?: null; ackRequest?: null; ackGroupMsg?: null; ackRead?: null; cli?: null; authenticate?: null; apiAuth?: null; apiAuthReply: glide.v1.ApiAuthReply.$Shape; failedSend?: null; kickout?: null; login?: null; contact?: null; presence?: null; groupNotice?: null; messageEvent?: null; json?: null }|{ data?: "failedSend"; chat?: null; ackMessage?: null; ackNotify?: null; ackRequest?: null; ackGroupMsg?: null; ackRead?: null; cli?: null; authenticate?: null; apiAuth?: null; apiAuthReply?: null; failedSend: glide.v1.FailedSend.$Shape; kickout?: null; login?: null; contact?: null; presence?: null; groupNotice?: null; messageEvent?: null; json?: null }|{ data?: "kickout"; chat?: null; ackMessage?: null; ackNotify?: null; ackRequest?: null; ackGroupMsg?: null; ackRead?: null; cli?: null; authenticate?: null; apiAuth?: null; apiAuthReply?: null; failedSend?: null; kickout: glide.v1.KickoutNotice.$Shape; login?: null; contact?: null; presence?: null; groupNotice?: null; messageEvent?: null; json?: null }|{ data?: "login"; chat?: null; ackMessage?: null; ackNotify?: null; ackRequest?: null; ackGroupMsg?: null; ackRead?: null; cli?: null; authenticate?: null; apiAuth?: null; apiAuthReply?: null; failedSend?: null; kickout?: null; login: glide.v1.LoginNotice.$Shape; contact?: null; presence?: null; groupNotice?: null; messageEvent?: null; json?: null }|{ data?: "contact"; chat?: null; ackMessage?: null; ackNotify?: null; ackRequest?: null; ackGroupMsg?: null; ackRead?: null; cli?: null; authenticate?: null; apiAuth?: null; apiAuthReply?: null; failedSend?: null; kickout?: null; login?: null; contact: glide.v1.ContactNotice.$Shape; presence?: null; groupNotice?: null; messageEvent?: null; json?: null }|{ data?: "presence"; chat?: null; ackMessage?: null; ackNotify?: null; ackRequest?: null; ackGroupMsg?: null; ackRead?: null; cli?: null; authenticate?: null; apiAuth?: null; apiAuthReply?: null; failedSend?: null; kickout?: null; login?: null; contact?: null; presence: glide.v1.PresenceEvent.$Shape; groupNotice?: null; messageEvent?: null; json?: null }|{ data?: "groupNotice"; chat?: null; ackMessage?: null; ackNotify?: null; ackRequest?: null; ackGroupMsg?: null; ackRead?: null; cli?: null; authenticate?: null; apiAuth?: null; apiAuthReply?: null; failedSend?: null; kickout?: null; login?: null; contact?: null; presence?: null; groupNotice: glide.v1.GroupNotice.$Shape; messageEvent?: null; json?: null }|{ data?: "messageEvent"; chat?: null; ackMessage?: null; ackNotify?: null; ackRequest?: null; ackGroupMsg?: null; ackRead?: null; cli?: null; authenticate?: null; apiAuth?: null; apiAuthReply?: null; failedSend?: null; kickout?: null; login?: null; contact?: null; presence?: null; groupNotice?: null; messageEvent: glide.v1.MessageEvent.$Shape; json?: null }|{ data?: "json"; chat?: null; ackMessage?: null; ackNotify?: null; ackRequest?: null; ackGroupMsg?: null; ackRead?: null; cli?: null; authenticate?: null; apiAuth?: null; apiAuthReply?: null; failedSend?: null; kickout?: null; login?: null; contact?: null; presence?: null; groupNotice?: null; messageEvent?: null; json: Uint8Array })
             * )} glide.v1.Envelope.$Shape
             */

            /**
             * Constructs a new Envelope.
             * @memberof glide.v1
             * @classdesc Represents an Envelope.
             * @constructor
             * @param {glide.v1.Envelope.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const Envelope = function (properties) {
                this.extra = {};
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * Envelope ver.
             * @member {number|null|undefined} ver
             * @memberof glide.v1.Envelope
             * @instance
             */
            Envelope.prototype.ver = null;

            /**
             * Envelope seq.
             * @member {number|null|undefined} seq
             * @memberof glide.v1.Envelope
             * @instance
             */
            Envelope.prototype.seq = null;

            /**
             * Envelope action.
             * @member {string} action
             * @memberof glide.v1.Envelope
             * @instance
             */
            Envelope.prototype.action = "";

            /**
             * Envelope from.
             * @member {number|null|undefined} from
             * @memberof glide.v1.Envelope
             * @instance
             */
            Envelope.prototype.from = null;

            /**
             * Envelope to.
             * @member {number|null|undefined} to
             * @memberof glide.v1.Envelope
             * @instance
             */
            Envelope.prototype.to = null;

            /**
             * Envelope msg.
             * @member {string|null|undefined} msg
             * @memberof glide.v1.Envelope
             * @instance
             */
            Envelope.prototype.msg = null;

            /**
             * Envelope ticket.
             * @member {string|null|undefined} ticket
             * @memberof glide.v1.Envelope
             * @instance
             */
            Envelope.prototype.ticket = null;

            /**
             * Envelope sign.
             * @member {string|null|undefined} sign
             * @memberof glide.v1.Envelope
             * @instance
             */
            Envelope.prototype.sign = null;

            /**
             * Envelope extra.
             * @member {Object.<string,string>} extra
             * @memberof glide.v1.Envelope
             * @instance
             */
            Envelope.prototype.extra = $util.emptyObject;

            /**
             * Envelope chat.
             * @member {glide.v1.ChatMessage.$Properties|null|undefined} chat
             * @memberof glide.v1.Envelope
             * @instance
             */
            Envelope.prototype.chat = null;

            /**
             * Envelope ackMessage.
             * @member {glide.v1.AckMessage.$Properties|null|undefined} ackMessage
             * @memberof glide.v1.Envelope
             * @instance
             */
            Envelope.prototype.ackMessage = null;

            /**
             * Envelope ackNotify.
             * @member {glide.v1.AckNotify.$Properties|null|undefined} ackNotify
             * @memberof glide.v1.Envelope
             * @instance
             */
            Envelope.prototype.ackNotify = null;

            /**
             * Envelope ackRequest.
             * @member {glide.v1.AckRequest.$Properties|null|undefined} ackRequest
             * @memberof glide.v1.Envelope
             * @instance
             */
            Envelope.prototype.ackRequest = null;

            /**
             * Envelope ackGroupMsg.
             * @member {glide.v1.AckGroupMsg.$Properties|null|undefined} ackGroupMsg
             * @memberof glide.v1.Envelope
             * @instance
             */
            Envelope.prototype.ackGroupMsg = null;

            /**
             * Envelope ackRead.
             * @member {glide.v1.AckRead.$Properties|null|undefined} ackRead
             * @memberof glide.v1.Envelope
             * @instance
             */
            Envelope.prototype.ackRead = null;

            /**
             * Envelope cli.
             * @member {glide.v1.CliMessage.$Properties|null|undefined} cli
             * @memberof glide.v1.Envelope
             * @instance
             */
            Envelope.prototype.cli = null;

            /**
             * Envelope authenticate.
             * @member {glide.v1.Authenticate.$Properties|null|undefined} authenticate
             * @memberof glide.v1.Envelope
             * @instance
             */
            Envelope.prototype.authenticate = null;

            /**
             * Envelope apiAuth.
             * @member {glide.v1.ApiAuth.$Properties|null|undefined} apiAuth
             * @memberof glide.v1.Envelope
             * @instance
             */
            Envelope.prototype.apiAuth = null;

            /**
             * Envelope apiAuthReply.
             * @member {glide.v1.ApiAuthReply.$Properties|null|undefined} apiAuthReply
             * @memberof glide.v1.Envelope
             * @instance
             */
            Envelope.prototype.apiAuthReply = null;

            /**
             * Envelope failedSend.
             * @member {glide.v1.FailedSend.$Properties|null|undefined} failedSend
             * @memberof glide.v1.Envelope
             * @instance
             */
            Envelope.prototype.failedSend = null;

            /**
             * Envelope kickout.
             * @member {glide.v1.KickoutNotice.$Properties|null|undefined} kickout
             * @memberof glide.v1.Envelope
             * @instance
             */
            Envelope.prototype.kickout = null;

            /**
             * Envelope login.
             * @member {glide.v1.LoginNotice.$Properties|null|undefined} login
             * @memberof glide.v1.Envelope
             * @instance
             */
            Envelope.prototype.login = null;

            /**
             * Envelope contact.
             * @member {glide.v1.ContactNotice.$Properties|null|undefined} contact
             * @memberof glide.v1.Envelope
             * @instance
             */
            Envelope.prototype.contact = null;

            /**
             * Envelope presence.
             * @member {glide.v1.PresenceEvent.$Properties|null|undefined} presence
             * @memberof glide.v1.Envelope
             * @instance
             */
            Envelope.prototype.presence = null;

            /**
             * Envelope groupNotice.
             * @member {glide.v1.GroupNotice.$Properties|null|undefined} groupNotice
             * @memberof glide.v1.Envelope
             * @instance
             */
            Envelope.prototype.groupNotice = null;

            /**
             * Envelope messageEvent.
             * @member {glide.v1.MessageEvent.$Properties|null|undefined} messageEvent
             * @memberof glide.v1.Envelope
             * @instance
             */
            Envelope.prototype.messageEvent = null;

            /**
             * Envelope json.
             * @member {Uint8Array|null|undefined} json
             * @memberof glide.v1.Envelope
             * @instance
             */
            Envelope.prototype.json = null;

            // OneOf field names bound to virtual getters and setters
            let $oneOfFields;

            // Virtual OneOf for proto3 optional field
            $Object.defineProperty(Envelope.prototype, "_ver", {
                get: $util.oneOfGetter($oneOfFields = ["ver"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            // Virtual OneOf for proto3 optional field
            $Object.defineProperty(Envelope.prototype, "_seq", {
                get: $util.oneOfGetter($oneOfFields = ["seq"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            // Virtual OneOf for proto3 optional field
            $Object.defineProperty(Envelope.prototype, "_from", {
                get: $util.oneOfGetter($oneOfFields = ["from"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            // Virtual OneOf for proto3 optional field
            $Object.defineProperty(Envelope.prototype, "_to", {
                get: $util.oneOfGetter($oneOfFields = ["to"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            // Virtual OneOf for proto3 optional field
            $Object.defineProperty(Envelope.prototype, "_msg", {
                get: $util.oneOfGetter($oneOfFields = ["msg"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            // Virtual OneOf for proto3 optional field
            $Object.defineProperty(Envelope.prototype, "_ticket", {
                get: $util.oneOfGetter($oneOfFields = ["ticket"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            // Virtual OneOf for proto3 optional field
            $Object.defineProperty(Envelope.prototype, "_sign", {
                get: $util.oneOfGetter($oneOfFields = ["sign"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            /**
             * Envelope data.
             * @member {"chat"|"ackMessage"|"ackNotify"|"ackRequest"|"ackGroupMsg"|"ackRead"|"cli"|"authenticate"|"apiAuth"|"apiAuthReply"|"failedSend"|"kickout"|"login"|"contact"|"presence"|"groupNotice"|"messageEvent"|"json"|undefined} data
             * @memberof glide.v1.Envelope
             * @instance
             */
            $Object.defineProperty(Envelope.prototype, "data", {
                get: $util.oneOfGetter($oneOfFields = ["chat", "ackMessage", "ackNotify", "ackRequest", "ackGroupMsg", "ackRead", "cli", "authenticate", "apiAuth", "apiAuthReply", "failedSend", "kickout", "login", "contact", "presence", "groupNotice", "messageEvent", "json"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            /**
             * Encodes the specified Envelope message. Does not implicitly {@link glide.v1.Envelope.verify|verify} messages.
             * @function encode
             * @memberof glide.v1.Envelope
             * @static
             * @param {glide.v1.Envelope.$Properties} message Envelope message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Envelope.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.ver != null && $Object.hasOwnProperty.call(message, "ver"))
                    writer.uint32(/* id 1, wireType 0 =*/8).uint32(message.ver);
                if (message.seq != null && $Object.hasOwnProperty.call(message, "seq"))
                    writer.uint32(/* id 2, wireType 0 =*/16).int64(message.seq);
                if (message.action != null && $Object.hasOwnProperty.call(message, "action") && message.action !== "")
                    writer.uint32(/* id 3, wireType 2 =*/26).string(message.action);
                if (message.from != null && $Object.hasOwnProperty.call(message, "from"))
                    writer.uint32(/* id 4, wireType 0 =*/32).int64(message.from);
                if (message.to != null && $Object.hasOwnProperty.call(message, "to"))
                    writer.uint32(/* id 5, wireType 0 =*/40).int64(message.to);
                if (message.msg != null && $Object.hasOwnProperty.call(message, "msg"))
                    writer.uint32(/* id 6, wireType 2 =*/50).string(message.msg);
                if (message.ticket != null && $Object.hasOwnProperty.call(message, "ticket"))
                    writer.uint32(/* id 7, wireType 2 =*/58).string(message.ticket);
                if (message.sign != null && $Object.hasOwnProperty.call(message, "sign"))
                    writer.uint32(/* id 8, wireType 2 =*/66).string(message.sign);
                if (message.extra != null && $Object.hasOwnProperty.call(message, "extra"))
                    for (let keys = $Object.keys(message.extra), i = 0; i < keys.length; ++i)
                        writer.uint32(/* id 9, wireType 2 =*/74).fork().uint32(/* id 1, wireType 2 =*/10).string(keys[i]).uint32(/* id 2, wireType 2 =*/18).string(message.extra[keys[i]]).ldelim();
                if (message.chat != null && $Object.hasOwnProperty.call(message, "chat"))
                    $root.glide.v1.ChatMessage.encode(message.chat, writer.uint32(/* id 10, wireType 2 =*/82).fork(), _depth + 1).ldelim();
                if (message.ackMessage != null && $Object.hasOwnProperty.call(message, "ackMessage"))
                    $root.glide.v1.AckMessage.encode(message.ackMessage, writer.uint32(/* id 11, wireType 2 =*/90).fork(), _depth + 1).ldelim();
                if (message.ackNotify != null && $Object.hasOwnProperty.call(message, "ackNotify"))
                    $root.glide.v1.AckNotify.encode(message.ackNotify, writer.uint32(/* id 12, wireType 2 =*/98).fork(), _depth + 1).ldelim();
                if (message.ackRequest != null && $Object.hasOwnProperty.call(message, "ackRequest"))
                    $root.glide.v1.AckRequest.encode(message.ackRequest, writer.uint32(/* id 13, wireType 2 =*/106).fork(), _depth + 1).ldelim();
                if (message.ackGroupMsg != null && $Object.hasOwnProperty.call(message, "ackGroupMsg"))
                    $root.glide.v1.AckGroupMsg.encode(message.ackGroupMsg, writer.uint32(/* id 14, wireType 2 =*/114).fork(), _depth + 1).ldelim();
                if (message.ackRead != null && $Object.hasOwnProperty.call(message, "ackRead"))
                    $root.glide.v1.AckRead.encode(message.ackRead, writer.uint32(/* id 15, wireType 2 =*/122).fork(), _depth + 1).ldelim();
                if (message.cli != null && $Object.hasOwnProperty.call(message, "cli"))
                    $root.glide.v1.CliMessage.encode(message.cli, writer.uint32(/* id 16, wireType 2 =*/130).fork(), _depth + 1).ldelim();
                if (message.authenticate != null && $Object.hasOwnProperty.call(message, "authenticate"))
                    $root.glide.v1.Authenticate.encode(message.authenticate, writer.uint32(/* id 17, wireType 2 =*/138).fork(), _depth + 1).ldelim();
                if (message.apiAuth != null && $Object.hasOwnProperty.call(message, "apiAuth"))
                    $root.glide.v1.ApiAuth.encode(message.apiAuth, writer.uint32(/* id 18, wireType 2 =*/146).fork(), _depth + 1).ldelim();
                if (message.apiAuthReply != null && $Object.hasOwnProperty.call(message, "apiAuthReply"))
                    $root.glide.v1.ApiAuthReply.encode(message.apiAuthReply, writer.uint32(/* id 19, wireType 2 =*/154).fork(), _depth + 1).ldelim();
                if (message.failedSend != null && $Object.hasOwnProperty.call(message, "failedSend"))
                    $root.glide.v1.FailedSend.encode(message.failedSend, writer.uint32(/* id 20, wireType 2 =*/162).fork(), _depth + 1).ldelim();
                if (message.kickout != null && $Object.hasOwnProperty.call(message, "kickout"))
                    $root.glide.v1.KickoutNotice.encode(message.kickout, writer.uint32(/* id 21, wireType 2 =*/170).fork(), _depth + 1).ldelim();
                if (message.login != null && $Object.hasOwnProperty.call(message, "login"))
                    $root.glide.v1.LoginNotice.encode(message.login, writer.uint32(/* id 22, wireType 2 =*/178).fork(), _depth + 1).ldelim();
                if (message.contact != null && $Object.hasOwnProperty.call(message, "contact"))
                    $root.glide.v1.ContactNotice.encode(message.contact, writer.uint32(/* id 23, wireType 2 =*/186).fork(), _depth + 1).ldelim();
                if (message.presence != null && $Object.hasOwnProperty.call(message, "presence"))
                    $root.glide.v1.PresenceEvent.encode(message.presence, writer.uint32(/* id 24, wireType 2 =*/194).fork(), _depth + 1).ldelim();
                if (message.groupNotice != null && $Object.hasOwnProperty.call(message, "groupNotice"))
                    $root.glide.v1.GroupNotice.encode(message.groupNotice, writer.uint32(/* id 25, wireType 2 =*/202).fork(), _depth + 1).ldelim();
                if (message.messageEvent != null && $Object.hasOwnProperty.call(message, "messageEvent"))
                    $root.glide.v1.MessageEvent.encode(message.messageEvent, writer.uint32(/* id 26, wireType 2 =*/210).fork(), _depth + 1).ldelim();
                if (message.json != null && $Object.hasOwnProperty.call(message, "json"))
                    writer.uint32(/* id 30, wireType 2 =*/242).bytes(message.json);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes an Envelope message from the specified reader or buffer.
             * @function decode
             * @memberof glide.v1.Envelope
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {glide.v1.Envelope & glide.v1.Envelope.$Shape} Envelope
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Envelope.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, key, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.glide.v1.Envelope();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 0)
                                break;
                            message.ver = reader.uint32();
                            message._ver = "ver";
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            message.seq = reader.int64();
                            message._seq = "seq";
                            continue;
                        }
                    case 3: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.action = value;
                            else
                                delete message.action;
                            continue;
                        }
                    case 4: {
                            if (wireType !== 0)
                                break;
                            message.from = reader.int64();
                            message._from = "from";
                            continue;
                        }
                    case 5: {
                            if (wireType !== 0)
                                break;
                            message.to = reader.int64();
                            message._to = "to";
                            continue;
                        }
                    case 6: {
                            if (wireType !== 2)
                                break;
                            message.msg = reader.stringVerify();
                            message._msg = "msg";
                            continue;
                        }
                    case 7: {
                            if (wireType !== 2)
                                break;
                            message.ticket = reader.stringVerify();
                            message._ticket = "ticket";
                            continue;
                        }
                    case 8: {
                            if (wireType !== 2)
                                break;
                            message.sign = reader.stringVerify();
                            message._sign = "sign";
                            continue;
                        }
                    case 9: {
                            if (wireType !== 2)
                                break;
                            if (message.extra === $util.emptyObject)
                                message.extra = {};
                            let end2 = reader.size() + reader.pos;
                            if (end2 > reader.len)
                                throw $RangeError("index out of range");
                            reader.len = end2;
                            key = "";
                            value = "";
                            while (reader.pos < end2) {
                                let tag2 = reader.tag();
                                wireType = tag2 & 7;
                                switch (tag2 >>>= 3) {
                                case 1:
                                    if (wireType !== 2)
                                        break;
                                    key = reader.stringVerify();
                                    continue;
                                case 2:
                                    if (wireType !== 2)
                                        break;
                                    value = reader.stringVerify();
                                    continue;
                                }
                                reader.skipType(wireType, _depth, tag2);
                            }
                            if (reader.pos !== end2)
                                throw $RangeError("index out of range");
                            reader.len = end;
                            if (key === "__proto__")
                                $util.makeProp(message.extra, key);
                            message.extra[key] = value;
                            continue;
                        }
                    case 10: {
                            if (wireType !== 2)
                                break;
                            message.chat = $root.glide.v1.ChatMessage.decode(reader, reader.size(), $undefined, _depth + 1, message.chat);
                            message.data = "chat";
                            continue;
                        }
                    case 11: {
                            if (wireType !== 2)
                                break;
                            message.ackMessage = $root.glide.v1.AckMessage.decode(reader, reader.size(), $undefined, _depth + 1, message.ackMessage);
                            message.data = "ackMessage";
                            continue;
                        }
                    case 12: {
                            if (wireType !== 2)
                                break;
                            message.ackNotify = $root.glide.v1.AckNotify.decode(reader, reader.size(), $undefined, _depth + 1, message.ackNotify);
                            message.data = "ackNotify";
                            continue;
                        }
                    case 13: {
                            if (wireType !== 2)
                                break;
                            message.ackRequest = $root.glide.v1.AckRequest.decode(reader, reader.size(), $undefined, _depth + 1, message.ackRequest);
                            message.data = "ackRequest";
                            continue;
                        }
                    case 14: {
                            if (wireType !== 2)
                                break;
                            message.ackGroupMsg = $root.glide.v1.AckGroupMsg.decode(reader, reader.size(), $undefined, _depth + 1, message.ackGroupMsg);
                            message.data = "ackGroupMsg";
                            continue;
                        }
                    case 15: {
                            if (wireType !== 2)
                                break;
                            message.ackRead = $root.glide.v1.AckRead.decode(reader, reader.size(), $undefined, _depth + 1, message.ackRead);
                            message.data = "ackRead";
                            continue;
                        }
                    case 16: {
                            if (wireType !== 2)
                                break;
                            message.cli = $root.glide.v1.CliMessage.decode(reader, reader.size(), $undefined, _depth + 1, message.cli);
                            message.data = "cli";
                            continue;
                        }
                    case 17: {
                            if (wireType !== 2)
                                break;
                            message.authenticate = $root.glide.v1.Authenticate.decode(reader, reader.size(), $undefined, _depth + 1, message.authenticate);
                            message.data = "authenticate";
                            continue;
                        }
                    case 18: {
                            if (wireType !== 2)
                                break;
                            message.apiAuth = $root.glide.v1.ApiAuth.decode(reader, reader.size(), $undefined, _depth + 1, message.apiAuth);
                            message.data = "apiAuth";
                            continue;
                        }
                    case 19: {
                            if (wireType !== 2)
                                break;
                            message.apiAuthReply = $root.glide.v1.ApiAuthReply.decode(reader, reader.size(), $undefined, _depth + 1, message.apiAuthReply);
                            message.data = "apiAuthReply";
                            continue;
                        }
                    case 20: {
                            if (wireType !== 2)
                                break;
                            message.failedSend = $root.glide.v1.FailedSend.decode(reader, reader.size(), $undefined, _depth + 1, message.failedSend);
                            message.data = "failedSend";
                            continue;
                        }
                    case 21: {
                            if (wireType !== 2)
                                break;
                            message.kickout = $root.glide.v1.KickoutNotice.decode(reader, reader.size(), $undefined, _depth + 1, message.kickout);
                            message.data = "kickout";
                            continue;
                        }
                    case 22: {
                            if (wireType !== 2)
                                break;
                            message.login = $root.glide.v1.LoginNotice.decode(reader, reader.size(), $undefined, _depth + 1, message.login);
                            message.data = "login";
                            continue;
                        }
                    case 23: {
                            if (wireType !== 2)
                                break;
                            message.contact = $root.glide.v1.ContactNotice.decode(reader, reader.size(), $undefined, _depth + 1, message.contact);
                            message.data = "contact";
                            continue;
                        }
                    case 24: {
                            if (wireType !== 2)
                                break;
                            message.presence = $root.glide.v1.PresenceEvent.decode(reader, reader.size(), $undefined, _depth + 1, message.presence);
                            message.data = "presence";
                            continue;
                        }
                    case 25: {
                            if (wireType !== 2)
                                break;
                            message.groupNotice = $root.glide.v1.GroupNotice.decode(reader, reader.size(), $undefined, _depth + 1, message.groupNotice);
                            message.data = "groupNotice";
                            continue;
                        }
                    case 26: {
                            if (wireType !== 2)
                                break;
                            message.messageEvent = $root.glide.v1.MessageEvent.decode(reader, reader.size(), $undefined, _depth + 1, message.messageEvent);
                            message.data = "messageEvent";
                            continue;
                        }
                    case 30: {
                            if (wireType !== 2)
                                break;
                            message.json = reader.bytes();
                            message.data = "json";
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            return Envelope;
        })();

        v1.ChatMessage = (function() {

            /**
             * Properties of a ChatMessage.
             * @typedef {Object} glide.v1.ChatMessage.$Properties
             * @property {string|null} [cliMid] ChatMessage cliMid
             * @property {number|null} [mid] ChatMessage mid
             * @property {number|null} [seq] ChatMessage seq
             * @property {number|null} [cliSeq] ChatMessage cliSeq
             * @property {number|null} [from] ChatMessage from
             * @property {number|null} [to] ChatMessage to
             * @property {number|null} [type] ChatMessage type
             * @property {string|null} [content] ChatMessage content
             * @property {number|null} [sendAt] ChatMessage sendAt
             * @property {number|null} [status] ChatMessage status
             * @property {number|null} [replyTo] ChatMessage replyTo
             * @property {number|null} [forwardMid] ChatMessage forwardMid
             * @property {number|null} [forwardFrom] ChatMessage forwardFrom
             * @property {Array.<number>|null} [mentions] ChatMessage mentions
             * @property {boolean|null} [mentionAll] ChatMessage mentionAll
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a ChatMessage.
             * @memberof glide.v1
             * @interface IChatMessage
             * @augments glide.v1.ChatMessage.$Properties
             * @deprecated Use glide.v1.ChatMessage.$Properties instead.
             */

            /**
             * Shape of a ChatMessage.
             * @typedef {glide.v1.ChatMessage.$Properties} glide.v1.ChatMessage.$Shape
             */

            /**
             * Constructs a new ChatMessage.
             * @memberof glide.v1
             * @classdesc Represents a ChatMessage.
             * @constructor
             * @param {glide.v1.ChatMessage.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const ChatMessage = function (properties) {
                this.mentions = [];
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * ChatMessage cliMid.
             * @member {string|null|undefined} cliMid
             * @memberof glide.v1.ChatMessage
             * @instance
             */
            ChatMessage.prototype.cliMid = null;

            /**
             * ChatMessage mid.
             * @member {number|null|undefined} mid
             * @memberof glide.v1.ChatMessage
             * @instance
             */
            ChatMessage.prototype.mid = null;

            /**
             * ChatMessage seq.
             * @member {number|null|undefined} seq
             * @memberof glide.v1.ChatMessage
             * @instance
             */
            ChatMessage.prototype.seq = null;

            /**
             * ChatMessage cliSeq.
             * @member {number|null|undefined} cliSeq
             * @memberof glide.v1.ChatMessage
             * @instance
             */
            ChatMessage.prototype.cliSeq = null;

            /**
             * ChatMessage from.
             * @member {number|null|undefined} from
             * @memberof glide.v1.ChatMessage
             * @instance
             */
            ChatMessage.prototype.from = null;

            /**
             * ChatMessage to.
             * @member {number|null|undefined} to
             * @memberof glide.v1.ChatMessage
             * @instance
             */
            ChatMessage.prototype.to = null;

            /**
             * ChatMessage type.
             * @member {number|null|undefined} type
             * @memberof glide.v1.ChatMessage
             * @instance
             */
            ChatMessage.prototype.type = null;

            /**
             * ChatMessage content.
             * @member {string|null|undefined} content
             * @memberof glide.v1.ChatMessage
             * @instance
             */
            ChatMessage.prototype.content = null;

            /**
             * ChatMessage sendAt.
             * @member {number|null|undefined} sendAt
             * @memberof glide.v1.ChatMessage
             * @instance
             */
            ChatMessage.prototype.sendAt = null;

            /**
             * ChatMessage status.
             * @member {number|null|undefined} status
             * @memberof glide.v1.ChatMessage
             * @instance
             */
            ChatMessage.prototype.status = null;

            /**
             * ChatMessage replyTo.
             * @member {number|null|undefined} replyTo
             * @memberof glide.v1.ChatMessage
             * @instance
             */
            ChatMessage.prototype.replyTo = null;

            /**
             * ChatMessage forwardMid.
             * @member {number|null|undefined} forwardMid
             * @memberof glide.v1.ChatMessage
             * @instance
             */
            ChatMessage.prototype.forwardMid = null;

            /**
             * ChatMessage forwardFrom.
             * @member {number|null|undefined} forwardFrom
             * @memberof glide.v1.ChatMessage
             * @instance
             */
            ChatMessage.prototype.forwardFrom = null;

            /**
             * ChatMessage mentions.
             * @member {Array.<number>} mentions
             * @memberof glide.v1.ChatMessage
             * @instance
             */
            ChatMessage.prototype.mentions = $util.emptyArray;

            /**
             * ChatMessage mentionAll.
             * @member {boolean|null|undefined} mentionAll
             * @memberof glide.v1.ChatMessage
             * @instance
             */
            ChatMessage.prototype.mentionAll = null;

            // OneOf field names bound to virtual getters and setters
            let $oneOfFields;

            // Virtual OneOf for proto3 optional field
            $Object.defineProperty(ChatMessage.prototype, "_cliMid", {
                get: $util.oneOfGetter($oneOfFields = ["cliMid"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            // Virtual OneOf for proto3 optional field
            $Object.defineProperty(ChatMessage.prototype, "_mid", {
                get: $util.oneOfGetter($oneOfFields = ["mid"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            // Virtual OneOf for proto3 optional field
            $Object.defineProperty(ChatMessage.prototype, "_seq", {
                get: $util.oneOfGetter($oneOfFields = ["seq"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            // Virtual OneOf for proto3 optional field
            $Object.defineProperty(ChatMessage.prototype, "_cliSeq", {
                get: $util.oneOfGetter($oneOfFields = ["cliSeq"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            // Virtual OneOf for proto3 optional field
            $Object.defineProperty(ChatMessage.prototype, "_from", {
                get: $util.oneOfGetter($oneOfFields = ["from"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            // Virtual OneOf for proto3 optional field
            $Object.defineProperty(ChatMessage.prototype, "_to", {
                get: $util.oneOfGetter($oneOfFields = ["to"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            // Virtual OneOf for proto3 optional field
            $Object.defineProperty(ChatMessage.prototype, "_type", {
                get: $util.oneOfGetter($oneOfFields = ["type"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            // Virtual OneOf for proto3 optional field
            $Object.defineProperty(ChatMessage.prototype, "_content", {
                get: $util.oneOfGetter($oneOfFields = ["content"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            // Virtual OneOf for proto3 optional field
            $Object.defineProperty(ChatMessage.prototype, "_sendAt", {
                get: $util.oneOfGetter($oneOfFields = ["sendAt"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            // Virtual OneOf for proto3 optional field
            $Object.defineProperty(ChatMessage.prototype, "_status", {
                get: $util.oneOfGetter($oneOfFields = ["status"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            // Virtual OneOf for proto3 optional field
            $Object.defineProperty(ChatMessage.prototype, "_replyTo", {
                get: $util.oneOfGetter($oneOfFields = ["replyTo"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            // Virtual OneOf for proto3 optional field
            $Object.defineProperty(ChatMessage.prototype, "_forwardMid", {
                get: $util.oneOfGetter($oneOfFields = ["forwardMid"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            // Virtual OneOf for proto3 optional field
            $Object.defineProperty(ChatMessage.prototype, "_forwardFrom", {
                get: $util.oneOfGetter($oneOfFields = ["forwardFrom"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            // Virtual OneOf for proto3 optional field
            $Object.defineProperty(ChatMessage.prototype, "_mentionAll", {
                get: $util.oneOfGetter($oneOfFields = ["mentionAll"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            /**
             * Encodes the specified ChatMessage message. Does not implicitly {@link glide.v1.ChatMessage.verify|verify} messages.
             * @function encode
             * @memberof glide.v1.ChatMessage
             * @static
             * @param {glide.v1.ChatMessage.$Properties} message ChatMessage message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            ChatMessage.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.cliMid != null && $Object.hasOwnProperty.call(message, "cliMid"))
                    writer.uint32(/* id 1, wireType 2 =*/10).string(message.cliMid);
                if (message.mid != null && $Object.hasOwnProperty.call(message, "mid"))
                    writer.uint32(/* id 2, wireType 0 =*/16).int64(message.mid);
                if (message.seq != null && $Object.hasOwnProperty.call(message, "seq"))
                    writer.uint32(/* id 3, wireType 0 =*/24).int64(message.seq);
                if (message.cliSeq != null && $Object.hasOwnProperty.call(message, "cliSeq"))
                    writer.uint32(/* id 4, wireType 0 =*/32).int64(message.cliSeq);
                if (message.from != null && $Object.hasOwnProperty.call(message, "from"))
                    writer.uint32(/* id 5, wireType 0 =*/40).int64(message.from);
                if (message.to != null && $Object.hasOwnProperty.call(message, "to"))
                    writer.uint32(/* id 6, wireType 0 =*/48).int64(message.to);
                if (message.type != null && $Object.hasOwnProperty.call(message, "type"))
                    writer.uint32(/* id 7, wireType 0 =*/56).int32(message.type);
                if (message.content != null && $Object.hasOwnProperty.call(message, "content"))
                    writer.uint32(/* id 8, wireType 2 =*/66).string(message.content);
                if (message.sendAt != null && $Object.hasOwnProperty.call(message, "sendAt"))
                    writer.uint32(/* id 9, wireType 0 =*/72).int64(message.sendAt);
                if (message.status != null && $Object.hasOwnProperty.call(message, "status"))
                    writer.uint32(/* id 10, wireType 0 =*/80).int32(message.status);
                if (message.replyTo != null && $Object.hasOwnProperty.call(message, "replyTo"))
                    writer.uint32(/* id 11, wireType 0 =*/88).int64(message.replyTo);
                if (message.forwardMid != null && $Object.hasOwnProperty.call(message, "forwardMid"))
                    writer.uint32(/* id 12, wireType 0 =*/96).int64(message.forwardMid);
                if (message.forwardFrom != null && $Object.hasOwnProperty.call(message, "forwardFrom"))
                    writer.uint32(/* id 13, wireType 0 =*/104).int64(message.forwardFrom);
                if (message.mentions != null && message.mentions.length)
                    writer.uint32(/* id 14, wireType 2 =*/114).int64s(message.mentions);
                if (message.mentionAll != null && $Object.hasOwnProperty.call(message, "mentionAll"))
                    writer.uint32(/* id 15, wireType 0 =*/120).bool(message.mentionAll);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a ChatMessage message from the specified reader or buffer.
             * @function decode
             * @memberof glide.v1.ChatMessage
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {glide.v1.ChatMessage & glide.v1.ChatMessage.$Shape} ChatMessage
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            ChatMessage.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.glide.v1.ChatMessage();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            message.cliMid = reader.stringVerify();
                            message._cliMid = "cliMid";
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            message.mid = reader.int64();
                            message._mid = "mid";
                            continue;
                        }
                    case 3: {
                            if (wireType !== 0)
                                break;
                            message.seq = reader.int64();
                            message._seq = "seq";
                            continue;
                        }
                    case 4: {
                            if (wireType !== 0)
                                break;
                            message.cliSeq = reader.int64();
                            message._cliSeq = "cliSeq";
                            continue;
                        }
                    case 5: {
                            if (wireType !== 0)
                                break;
                            message.from = reader.int64();
                            message._from = "from";
                            continue;
                        }
                    case 6: {
                            if (wireType !== 0)
                                break;
                            message.to = reader.int64();
                            message._to = "to";
                            continue;
                        }
                    case 7: {
                            if (wireType !== 0)
                                break;
                            message.type = reader.int32();
                            message._type = "type";
                            continue;
                        }
                    case 8: {
                            if (wireType !== 2)
                                break;
                            message.content = reader.stringVerify();
                            message._content = "content";
                            continue;
                        }
                    case 9: {
                            if (wireType !== 0)
                                break;
                            message.sendAt = reader.int64();
                            message._sendAt = "sendAt";
                            continue;
                        }
                    case 10: {
                            if (wireType !== 0)
                                break;
                            message.status = reader.int32();
                            message._status = "status";
                            continue;
                        }
                    case 11: {
                            if (wireType !== 0)
                                break;
                            message.replyTo = reader.int64();
                            message._replyTo = "replyTo";
                            continue;
                        }
                    case 12: {
                            if (wireType !== 0)
                                break;
                            message.forwardMid = reader.int64();
                            message._forwardMid = "forwardMid";
                            continue;
                        }
                    case 13: {
                            if (wireType !== 0)
                                break;
                            message.forwardFrom = reader.int64();
                            message._forwardFrom = "forwardFrom";
                            continue;
                        }
                    case 14: {
                            if (wireType === 2) {
                                if (!(message.mentions && message.mentions.length))
                                    message.mentions = [];
                                reader.int64s(message.mentions);
                                continue;
                            }
                            if (wireType !== 0)
                                break;
                            if (!(message.mentions && message.mentions.length))
                                message.mentions = [];
                            message.mentions.push(reader.int64());
                            continue;
                        }
                    case 15: {
                            if (wireType !== 0)
                                break;
                            message.mentionAll = reader.bool();
                            message._mentionAll = "mentionAll";
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            return ChatMessage;
        })();

        v1.AckMessage = (function() {

            /**
             * Properties of an AckMessage.
             * @typedef {Object} glide.v1.AckMessage.$Properties
             * @property {string|null} [cliMid] AckMessage cliMid
             * @property {number|null} [mid] AckMessage mid
             * @property {number|null} [seq] AckMessage seq
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of an AckMessage.
             * @memberof glide.v1
             * @interface IAckMessage
             * @augments glide.v1.AckMessage.$Properties
             * @deprecated Use glide.v1.AckMessage.$Properties instead.
             */

            /**
             * Shape of an AckMessage.
             * @typedef {glide.v1.AckMessage.$Properties} glide.v1.AckMessage.$Shape
             */

            /**
             * Constructs a new AckMessage.
             * @memberof glide.v1
             * @classdesc Represents an AckMessage.
             * @constructor
             * @param {glide.v1.AckMessage.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const AckMessage = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * AckMessage cliMid.
             * @member {string|null|undefined} cliMid
             * @memberof glide.v1.AckMessage
             * @instance
             */
            AckMessage.prototype.cliMid = null;

            /**
             * AckMessage mid.
             * @member {number|null|undefined} mid
             * @memberof glide.v1.AckMessage
             * @instance
             */
            AckMessage.prototype.mid = null;

            /**
             * AckMessage seq.
             * @member {number|null|undefined} seq
             * @memberof glide.v1.AckMessage
             * @instance
             */
            AckMessage.prototype.seq = null;

            // OneOf field names bound to virtual getters and setters
            let $oneOfFields;

            // Virtual OneOf for proto3 optional field
            $Object.defineProperty(AckMessage.prototype, "_cliMid", {
                get: $util.oneOfGetter($oneOfFields = ["cliMid"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            // Virtual OneOf for proto3 optional field
            $Object.defineProperty(AckMessage.prototype, "_mid", {
                get: $util.oneOfGetter($oneOfFields = ["mid"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            // Virtual OneOf for proto3 optional field
            $Object.defineProperty(AckMessage.prototype, "_seq", {
                get: $util.oneOfGetter($oneOfFields = ["seq"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            /**
             * Encodes the specified AckMessage message. Does not implicitly {@link glide.v1.AckMessage.verify|verify} messages.
             * @function encode
             * @memberof glide.v1.AckMessage
             * @static
             * @param {glide.v1.AckMessage.$Properties} message AckMessage message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            AckMessage.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.cliMid != null && $Object.hasOwnProperty.call(message, "cliMid"))
                    writer.uint32(/* id 1, wireType 2 =*/10).string(message.cliMid);
                if (message.mid != null && $Object.hasOwnProperty.call(message, "mid"))
                    writer.uint32(/* id 2, wireType 0 =*/16).int64(message.mid);
                if (message.seq != null && $Object.hasOwnProperty.call(message, "seq"))
                    writer.uint32(/* id 3, wireType 0 =*/24).int64(message.seq);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes an AckMessage message from the specified reader or buffer.
             * @function decode
             * @memberof glide.v1.AckMessage
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {glide.v1.AckMessage & glide.v1.AckMessage.$Shape} AckMessage
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            AckMessage.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.glide.v1.AckMessage();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            message.cliMid = reader.stringVerify();
                            message._cliMid = "cliMid";
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            message.mid = reader.int64();
                            message._mid = "mid";
                            continue;
                        }
                    case 3: {
                            if (wireType !== 0)
                                break;
                            message.seq = reader.int64();
                            message._seq = "seq";
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            return AckMessage;
        })();

        v1.AckNotify = (function() {

            /**
             * Properties of an AckNotify.
             * @typedef {Object} glide.v1.AckNotify.$Properties
             * @property {number|null} [mid] AckNotify mid
             * @property {number|null} [seq] AckNotify seq
             * @property {number|null} [from] AckNotify from
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of an AckNotify.
             * @memberof glide.v1
             * @interface IAckNotify
             * @augments glide.v1.AckNotify.$Properties
             * @deprecated Use glide.v1.AckNotify.$Properties instead.
             */

            /**
             * Shape of an AckNotify.
             * @typedef {glide.v1.AckNotify.$Properties} glide.v1.AckNotify.$Shape
             */

            /**
             * Constructs a new AckNotify.
             * @memberof glide.v1
             * @classdesc Represents an AckNotify.
             * @constructor
             * @param {glide.v1.AckNotify.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const AckNotify = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * AckNotify mid.
             * @member {number|null|undefined} mid
             * @memberof glide.v1.AckNotify
             * @instance
             */
            AckNotify.prototype.mid = null;

            /**
             * AckNotify seq.
             * @member {number|null|undefined} seq
             * @memberof glide.v1.AckNotify
             * @instance
             */
            AckNotify.prototype.seq = null;

            /**
             * AckNotify from.
             * @member {number|null|undefined} from
             * @memberof glide.v1.AckNotify
             * @instance
             */
            AckNotify.prototype.from = null;

            // OneOf field names bound to virtual getters and setters
            let $oneOfFields;

            // Virtual OneOf for proto3 optional field
            $Object.defineProperty(AckNotify.prototype, "_mid", {
                get: $util.oneOfGetter($oneOfFields = ["mid"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            // Virtual OneOf for proto3 optional field
            $Object.defineProperty(AckNotify.prototype, "_seq", {
                get: $util.oneOfGetter($oneOfFields = ["seq"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            // Virtual OneOf for proto3 optional field
            $Object.defineProperty(AckNotify.prototype, "_from", {
                get: $util.oneOfGetter($oneOfFields = ["from"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            /**
             * Encodes the specified AckNotify message. Does not implicitly {@link glide.v1.AckNotify.verify|verify} messages.
             * @function encode
             * @memberof glide.v1.AckNotify
             * @static
             * @param {glide.v1.AckNotify.$Properties} message AckNotify message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            AckNotify.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.mid != null && $Object.hasOwnProperty.call(message, "mid"))
                    writer.uint32(/* id 1, wireType 0 =*/8).int64(message.mid);
                if (message.seq != null && $Object.hasOwnProperty.call(message, "seq"))
                    writer.uint32(/* id 2, wireType 0 =*/16).int64(message.seq);
                if (message.from != null && $Object.hasOwnProperty.call(message, "from"))
                    writer.uint32(/* id 3, wireType 0 =*/24).int64(message.from);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes an AckNotify message from the specified reader or buffer.
             * @function decode
             * @memberof glide.v1.AckNotify
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {glide.v1.AckNotify & glide.v1.AckNotify.$Shape} AckNotify
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            AckNotify.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.glide.v1.AckNotify();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 0)
                                break;
                            message.mid = reader.int64();
                            message._mid = "mid";
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            message.seq = reader.int64();
                            message._seq = "seq";
                            continue;
                        }
                    case 3: {
                            if (wireType !== 0)
                                break;
                            message.from = reader.int64();
                            message._from = "from";
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            return AckNotify;
        })();

        v1.AckRequest = (function() {

            /**
             * Properties of an AckRequest.
             * @typedef {Object} glide.v1.AckRequest.$Properties
             * @property {number|null} [mid] AckRequest mid
             * @property {number|null} [from] AckRequest from
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of an AckRequest.
             * @memberof glide.v1
             * @interface IAckRequest
             * @augments glide.v1.AckRequest.$Properties
             * @deprecated Use glide.v1.AckRequest.$Properties instead.
             */

            /**
             * Shape of an AckRequest.
             * @typedef {glide.v1.AckRequest.$Properties} glide.v1.AckRequest.$Shape
             */

            /**
             * Constructs a new AckRequest.
             * @memberof glide.v1
             * @classdesc Represents an AckRequest.
             * @constructor
             * @param {glide.v1.AckRequest.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const AckRequest = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * AckRequest mid.
             * @member {number|null|undefined} mid
             * @memberof glide.v1.AckRequest
             * @instance
             */
            AckRequest.prototype.mid = null;

            /**
             * AckRequest from.
             * @member {number|null|undefined} from
             * @memberof glide.v1.AckRequest
             * @instance
             */
            AckRequest.prototype.from = null;

            // OneOf field names bound to virtual getters and setters
            let $oneOfFields;

            // Virtual OneOf for proto3 optional field
            $Object.defineProperty(AckRequest.prototype, "_mid", {
                get: $util.oneOfGetter($oneOfFields = ["mid"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            // Virtual OneOf for proto3 optional field
            $Object.defineProperty(AckRequest.prototype, "_from", {
                get: $util.oneOfGetter($oneOfFields = ["from"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            /**
             * Encodes the specified AckRequest message. Does not implicitly {@link glide.v1.AckRequest.verify|verify} messages.
             * @function encode
             * @memberof glide.v1.AckRequest
             * @static
             * @param {glide.v1.AckRequest.$Properties} message AckRequest message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            AckRequest.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.mid != null && $Object.hasOwnProperty.call(message, "mid"))
                    writer.uint32(/* id 1, wireType 0 =*/8).int64(message.mid);
                if (message.from != null && $Object.hasOwnProperty.call(message, "from"))
                    writer.uint32(/* id 2, wireType 0 =*/16).int64(message.from);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes an AckRequest message from the specified reader or buffer.
             * @function decode
             * @memberof glide.v1.AckRequest
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {glide.v1.AckRequest & glide.v1.AckRequest.$Shape} AckRequest
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            AckRequest.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.glide.v1.AckRequest();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 0)
                                break;
                            message.mid = reader.int64();
                            message._mid = "mid";
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            message.from = reader.int64();
                            message._from = "from";
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            return AckRequest;
        })();

        v1.AckGroupMsg = (function() {

            /**
             * Properties of an AckGroupMsg.
             * @typedef {Object} glide.v1.AckGroupMsg.$Properties
             * @property {number|null} [gid] AckGroupMsg gid
             * @property {number|null} [mid] AckGroupMsg mid
             * @property {number|null} [seq] AckGroupMsg seq
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of an AckGroupMsg.
             * @memberof glide.v1
             * @interface IAckGroupMsg
             * @augments glide.v1.AckGroupMsg.$Properties
             * @deprecated Use glide.v1.AckGroupMsg.$Properties instead.
             */

            /**
             * Shape of an AckGroupMsg.
             * @typedef {glide.v1.AckGroupMsg.$Properties} glide.v1.AckGroupMsg.$Shape
             */

            /**
             * Constructs a new AckGroupMsg.
             * @memberof glide.v1
             * @classdesc Represents an AckGroupMsg.
             * @constructor
             * @param {glide.v1.AckGroupMsg.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const AckGroupMsg = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * AckGroupMsg gid.
             * @member {number|null|undefined} gid
             * @memberof glide.v1.AckGroupMsg
             * @instance
             */
            AckGroupMsg.prototype.gid = null;

            /**
             * AckGroupMsg mid.
             * @member {number|null|undefined} mid
             * @memberof glide.v1.AckGroupMsg
             * @instance
             */
            AckGroupMsg.prototype.mid = null;

            /**
             * AckGroupMsg seq.
             * @member {number|null|undefined} seq
             * @memberof glide.v1.AckGroupMsg
             * @instance
             */
            AckGroupMsg.prototype.seq = null;

            // OneOf field names bound to virtual getters and setters
            let $oneOfFields;

            // Virtual OneOf for proto3 optional field
            $Object.defineProperty(AckGroupMsg.prototype, "_gid", {
                get: $util.oneOfGetter($oneOfFields = ["gid"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            // Virtual OneOf for proto3 optional field
            $Object.defineProperty(AckGroupMsg.prototype, "_mid", {
                get: $util.oneOfGetter($oneOfFields = ["mid"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            // Virtual OneOf for proto3 optional field
            $Object.defineProperty(AckGroupMsg.prototype, "_seq", {
                get: $util.oneOfGetter($oneOfFields = ["seq"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            /**
             * Encodes the specified AckGroupMsg message. Does not implicitly {@link glide.v1.AckGroupMsg.verify|verify} messages.
             * @function encode
             * @memberof glide.v1.AckGroupMsg
             * @static
             * @param {glide.v1.AckGroupMsg.$Properties} message AckGroupMsg message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            AckGroupMsg.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.gid != null && $Object.hasOwnProperty.call(message, "gid"))
                    writer.uint32(/* id 1, wireType 0 =*/8).int64(message.gid);
                if (message.mid != null && $Object.hasOwnProperty.call(message, "mid"))
                    writer.uint32(/* id 2, wireType 0 =*/16).int64(message.mid);
                if (message.seq != null && $Object.hasOwnProperty.call(message, "seq"))
                    writer.uint32(/* id 3, wireType 0 =*/24).int64(message.seq);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes an AckGroupMsg message from the specified reader or buffer.
             * @function decode
             * @memberof glide.v1.AckGroupMsg
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {glide.v1.AckGroupMsg & glide.v1.AckGroupMsg.$Shape} AckGroupMsg
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            AckGroupMsg.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.glide.v1.AckGroupMsg();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 0)
                                break;
                            message.gid = reader.int64();
                            message._gid = "gid";
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            message.mid = reader.int64();
                            message._mid = "mid";
                            continue;
                        }
                    case 3: {
                            if (wireType !== 0)
                                break;
                            message.seq = reader.int64();
                            message._seq = "seq";
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            return AckGroupMsg;
        })();

        v1.AckRead = (function() {

            /**
             * Properties of an AckRead.
             * @typedef {Object} glide.v1.AckRead.$Properties
             * @property {number|null} [mid] AckRead mid
             * @property {number|null} [from] AckRead from
             * @property {number|null} [gid] AckRead gid
             * @property {number|null} [seq] AckRead seq
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of an AckRead.
             * @memberof glide.v1
             * @interface IAckRead
             * @augments glide.v1.AckRead.$Properties
             * @deprecated Use glide.v1.AckRead.$Properties instead.
             */

            /**
             * Shape of an AckRead.
             * @typedef {glide.v1.AckRead.$Properties} glide.v1.AckRead.$Shape
             */

            /**
             * Constructs a new AckRead.
             * @memberof glide.v1
             * @classdesc Represents an AckRead.
             * @constructor
             * @param {glide.v1.AckRead.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const AckRead = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * AckRead mid.
             * @member {number|null|undefined} mid
             * @memberof glide.v1.AckRead
             * @instance
             */
            AckRead.prototype.mid = null;

            /**
             * AckRead from.
             * @member {number|null|undefined} from
             * @memberof glide.v1.AckRead
             * @instance
             */
            AckRead.prototype.from = null;

            /**
             * AckRead gid.
             * @member {number|null|undefined} gid
             * @memberof glide.v1.AckRead
             * @instance
             */
            AckRead.prototype.gid = null;

            /**
             * AckRead seq.
             * @member {number|null|undefined} seq
             * @memberof glide.v1.AckRead
             * @instance
             */
            AckRead.prototype.seq = null;

            // OneOf field names bound to virtual getters and setters
            let $oneOfFields;

            // Virtual OneOf for proto3 optional field
            $Object.defineProperty(AckRead.prototype, "_mid", {
                get: $util.oneOfGetter($oneOfFields = ["mid"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            // Virtual OneOf for proto3 optional field
            $Object.defineProperty(AckRead.prototype, "_from", {
                get: $util.oneOfGetter($oneOfFields = ["from"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            // Virtual OneOf for proto3 optional field
            $Object.defineProperty(AckRead.prototype, "_gid", {
                get: $util.oneOfGetter($oneOfFields = ["gid"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            // Virtual OneOf for proto3 optional field
            $Object.defineProperty(AckRead.prototype, "_seq", {
                get: $util.oneOfGetter($oneOfFields = ["seq"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            /**
             * Encodes the specified AckRead message. Does not implicitly {@link glide.v1.AckRead.verify|verify} messages.
             * @function encode
             * @memberof glide.v1.AckRead
             * @static
             * @param {glide.v1.AckRead.$Properties} message AckRead message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            AckRead.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.mid != null && $Object.hasOwnProperty.call(message, "mid"))
                    writer.uint32(/* id 1, wireType 0 =*/8).int64(message.mid);
                if (message.from != null && $Object.hasOwnProperty.call(message, "from"))
                    writer.uint32(/* id 2, wireType 0 =*/16).int64(message.from);
                if (message.gid != null && $Object.hasOwnProperty.call(message, "gid"))
                    writer.uint32(/* id 3, wireType 0 =*/24).int64(message.gid);
                if (message.seq != null && $Object.hasOwnProperty.call(message, "seq"))
                    writer.uint32(/* id 4, wireType 0 =*/32).int64(message.seq);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes an AckRead message from the specified reader or buffer.
             * @function decode
             * @memberof glide.v1.AckRead
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {glide.v1.AckRead & glide.v1.AckRead.$Shape} AckRead
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            AckRead.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.glide.v1.AckRead();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 0)
                                break;
                            message.mid = reader.int64();
                            message._mid = "mid";
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            message.from = reader.int64();
                            message._from = "from";
                            continue;
                        }
                    case 3: {
                            if (wireType !== 0)
                                break;
                            message.gid = reader.int64();
                            message._gid = "gid";
                            continue;
                        }
                    case 4: {
                            if (wireType !== 0)
                                break;
                            message.seq = reader.int64();
                            message._seq = "seq";
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            return AckRead;
        })();

        v1.CliMessage = (function() {

            /**
             * Properties of a CliMessage.
             * @typedef {Object} glide.v1.CliMessage.$Properties
             * @property {number|null} [from] CliMessage from
             * @property {number|null} [to] CliMessage to
             * @property {number|null} [type] CliMessage type
             * @property {string|null} [content] CliMessage content
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a CliMessage.
             * @memberof glide.v1
             * @interface ICliMessage
             * @augments glide.v1.CliMessage.$Properties
             * @deprecated Use glide.v1.CliMessage.$Properties instead.
             */

            /**
             * Shape of a CliMessage.
             * @typedef {glide.v1.CliMessage.$Properties} glide.v1.CliMessage.$Shape
             */

            /**
             * Constructs a new CliMessage.
             * @memberof glide.v1
             * @classdesc Represents a CliMessage.
             * @constructor
             * @param {glide.v1.CliMessage.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const CliMessage = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * CliMessage from.
             * @member {number|null|undefined} from
             * @memberof glide.v1.CliMessage
             * @instance
             */
            CliMessage.prototype.from = null;

            /**
             * CliMessage to.
             * @member {number|null|undefined} to
             * @memberof glide.v1.CliMessage
             * @instance
             */
            CliMessage.prototype.to = null;

            /**
             * CliMessage type.
             * @member {number|null|undefined} type
             * @memberof glide.v1.CliMessage
             * @instance
             */
            CliMessage.prototype.type = null;

            /**
             * CliMessage content.
             * @member {string|null|undefined} content
             * @memberof glide.v1.CliMessage
             * @instance
             */
            CliMessage.prototype.content = null;

            // OneOf field names bound to virtual getters and setters
            let $oneOfFields;

            // Virtual OneOf for proto3 optional field
            $Object.defineProperty(CliMessage.prototype, "_from", {
                get: $util.oneOfGetter($oneOfFields = ["from"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            // Virtual OneOf for proto3 optional field
            $Object.defineProperty(CliMessage.prototype, "_to", {
                get: $util.oneOfGetter($oneOfFields = ["to"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            // Virtual OneOf for proto3 optional field
            $Object.defineProperty(CliMessage.prototype, "_type", {
                get: $util.oneOfGetter($oneOfFields = ["type"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            // Virtual OneOf for proto3 optional field
            $Object.defineProperty(CliMessage.prototype, "_content", {
                get: $util.oneOfGetter($oneOfFields = ["content"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            /**
             * Encodes the specified CliMessage message. Does not implicitly {@link glide.v1.CliMessage.verify|verify} messages.
             * @function encode
             * @memberof glide.v1.CliMessage
             * @static
             * @param {glide.v1.CliMessage.$Properties} message CliMessage message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            CliMessage.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.from != null && $Object.hasOwnProperty.call(message, "from"))
                    writer.uint32(/* id 1, wireType 0 =*/8).int64(message.from);
                if (message.to != null && $Object.hasOwnProperty.call(message, "to"))
                    writer.uint32(/* id 2, wireType 0 =*/16).int64(message.to);
                if (message.type != null && $Object.hasOwnProperty.call(message, "type"))
                    writer.uint32(/* id 3, wireType 0 =*/24).int32(message.type);
                if (message.content != null && $Object.hasOwnProperty.call(message, "content"))
                    writer.uint32(/* id 4, wireType 2 =*/34).string(message.content);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a CliMessage message from the specified reader or buffer.
             * @function decode
             * @memberof glide.v1.CliMessage
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {glide.v1.CliMessage & glide.v1.CliMessage.$Shape} CliMessage
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            CliMessage.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.glide.v1.CliMessage();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 0)
                                break;
                            message.from = reader.int64();
                            message._from = "from";
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            message.to = reader.int64();
                            message._to = "to";
                            continue;
                        }
                    case 3: {
                            if (wireType !== 0)
                                break;
                            message.type = reader.int32();
                            message._type = "type";
                            continue;
                        }
                    case 4: {
                            if (wireType !== 2)
                                break;
                            message.content = reader.stringVerify();
                            message._content = "content";
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            return CliMessage;
        })();

        v1.Authenticate = (function() {

            /**
             * Properties of an Authenticate.
             * @typedef {Object} glide.v1.Authenticate.$Properties
             * @property {string|null} [credential] Authenticate credential
             * @property {number|null} [version] Authenticate version
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of an Authenticate.
             * @memberof glide.v1
             * @interface IAuthenticate
             * @augments glide.v1.Authenticate.$Properties
             * @deprecated Use glide.v1.Authenticate.$Properties instead.
             */

            /**
             * Shape of an Authenticate.
             * @typedef {glide.v1.Authenticate.$Properties} glide.v1.Authenticate.$Shape
             */

            /**
             * Constructs a new Authenticate.
             * @memberof glide.v1
             * @classdesc Represents an Authenticate.
             * @constructor
             * @param {glide.v1.Authenticate.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const Authenticate = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * Authenticate credential.
             * @member {string|null|undefined} credential
             * @memberof glide.v1.Authenticate
             * @instance
             */
            Authenticate.prototype.credential = null;

            /**
             * Authenticate version.
             * @member {number|null|undefined} version
             * @memberof glide.v1.Authenticate
             * @instance
             */
            Authenticate.prototype.version = null;

            // OneOf field names bound to virtual getters and setters
            let $oneOfFields;

            // Virtual OneOf for proto3 optional field
            $Object.defineProperty(Authenticate.prototype, "_credential", {
                get: $util.oneOfGetter($oneOfFields = ["credential"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            // Virtual OneOf for proto3 optional field
            $Object.defineProperty(Authenticate.prototype, "_version", {
                get: $util.oneOfGetter($oneOfFields = ["version"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            /**
             * Encodes the specified Authenticate message. Does not implicitly {@link glide.v1.Authenticate.verify|verify} messages.
             * @function encode
             * @memberof glide.v1.Authenticate
             * @static
             * @param {glide.v1.Authenticate.$Properties} message Authenticate message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Authenticate.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.credential != null && $Object.hasOwnProperty.call(message, "credential"))
                    writer.uint32(/* id 1, wireType 2 =*/10).string(message.credential);
                if (message.version != null && $Object.hasOwnProperty.call(message, "version"))
                    writer.uint32(/* id 2, wireType 0 =*/16).int32(message.version);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes an Authenticate message from the specified reader or buffer.
             * @function decode
             * @memberof glide.v1.Authenticate
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {glide.v1.Authenticate & glide.v1.Authenticate.$Shape} Authenticate
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Authenticate.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.glide.v1.Authenticate();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            message.credential = reader.stringVerify();
                            message._credential = "credential";
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            message.version = reader.int32();
                            message._version = "version";
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            return Authenticate;
        })();

        v1.ApiAuth = (function() {

            /**
             * Properties of an ApiAuth.
             * @typedef {Object} glide.v1.ApiAuth.$Properties
             * @property {string|null} [token] ApiAuth token
             * @property {number|null} [device] ApiAuth device
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of an ApiAuth.
             * @memberof glide.v1
             * @interface IApiAuth
             * @augments glide.v1.ApiAuth.$Properties
             * @deprecated Use glide.v1.ApiAuth.$Properties instead.
             */

            /**
             * Shape of an ApiAuth.
             * @typedef {glide.v1.ApiAuth.$Properties} glide.v1.ApiAuth.$Shape
             */

            /**
             * Constructs a new ApiAuth.
             * @memberof glide.v1
             * @classdesc Represents an ApiAuth.
             * @constructor
             * @param {glide.v1.ApiAuth.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const ApiAuth = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * ApiAuth token.
             * @member {string|null|undefined} token
             * @memberof glide.v1.ApiAuth
             * @instance
             */
            ApiAuth.prototype.token = null;

            /**
             * ApiAuth device.
             * @member {number|null|undefined} device
             * @memberof glide.v1.ApiAuth
             * @instance
             */
            ApiAuth.prototype.device = null;

            // OneOf field names bound to virtual getters and setters
            let $oneOfFields;

            // Virtual OneOf for proto3 optional field
            $Object.defineProperty(ApiAuth.prototype, "_token", {
                get: $util.oneOfGetter($oneOfFields = ["token"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            // Virtual OneOf for proto3 optional field
            $Object.defineProperty(ApiAuth.prototype, "_device", {
                get: $util.oneOfGetter($oneOfFields = ["device"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            /**
             * Encodes the specified ApiAuth message. Does not implicitly {@link glide.v1.ApiAuth.verify|verify} messages.
             * @function encode
             * @memberof glide.v1.ApiAuth
             * @static
             * @param {glide.v1.ApiAuth.$Properties} message ApiAuth message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            ApiAuth.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.token != null && $Object.hasOwnProperty.call(message, "token"))
                    writer.uint32(/* id 1, wireType 2 =*/10).string(message.token);
                if (message.device != null && $Object.hasOwnProperty.call(message, "device"))
                    writer.uint32(/* id 2, wireType 0 =*/16).int32(message.device);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes an ApiAuth message from the specified reader or buffer.
             * @function decode
             * @memberof glide.v1.ApiAuth
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {glide.v1.ApiAuth & glide.v1.ApiAuth.$Shape} ApiAuth
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            ApiAuth.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.glide.v1.ApiAuth();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            message.token = reader.stringVerify();
                            message._token = "token";
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            message.device = reader.int32();
                            message._device = "device";
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            return ApiAuth;
        })();

        v1.ApiAuthReply = (function() {

            /**
             * Properties of an ApiAuthReply.
             * @typedef {Object} glide.v1.ApiAuthReply.$Properties
             * @property {number|null} [uid] ApiAuthReply uid
             * @property {string|null} [token] ApiAuthReply token
             * @property {Array.<string>|null} [servers] ApiAuthReply servers
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of an ApiAuthReply.
             * @memberof glide.v1
             * @interface IApiAuthReply
             * @augments glide.v1.ApiAuthReply.$Properties
             * @deprecated Use glide.v1.ApiAuthReply.$Properties instead.
             */

            /**
             * Shape of an ApiAuthReply.
             * @typedef {glide.v1.ApiAuthReply.$Properties} glide.v1.ApiAuthReply.$Shape
             */

            /**
             * Constructs a new ApiAuthReply.
             * @memberof glide.v1
             * @classdesc Represents an ApiAuthReply.
             * @constructor
             * @param {glide.v1.ApiAuthReply.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const ApiAuthReply = function (properties) {
                this.servers = [];
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * ApiAuthReply uid.
             * @member {number|null|undefined} uid
             * @memberof glide.v1.ApiAuthReply
             * @instance
             */
            ApiAuthReply.prototype.uid = null;

            /**
             * ApiAuthReply token.
             * @member {string|null|undefined} token
             * @memberof glide.v1.ApiAuthReply
             * @instance
             */
            ApiAuthReply.prototype.token = null;

            /**
             * ApiAuthReply servers.
             * @member {Array.<string>} servers
             * @memberof glide.v1.ApiAuthReply
             * @instance
             */
            ApiAuthReply.prototype.servers = $util.emptyArray;

            // OneOf field names bound to virtual getters and setters
            let $oneOfFields;

            // Virtual OneOf for proto3 optional field
            $Object.defineProperty(ApiAuthReply.prototype, "_uid", {
                get: $util.oneOfGetter($oneOfFields = ["uid"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            // Virtual OneOf for proto3 optional field
            $Object.defineProperty(ApiAuthReply.prototype, "_token", {
                get: $util.oneOfGetter($oneOfFields = ["token"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            /**
             * Encodes the specified ApiAuthReply message. Does not implicitly {@link glide.v1.ApiAuthReply.verify|verify} messages.
             * @function encode
             * @memberof glide.v1.ApiAuthReply
             * @static
             * @param {glide.v1.ApiAuthReply.$Properties} message ApiAuthReply message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            ApiAuthReply.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.uid != null && $Object.hasOwnProperty.call(message, "uid"))
                    writer.uint32(/* id 1, wireType 0 =*/8).int64(message.uid);
                if (message.token != null && $Object.hasOwnProperty.call(message, "token"))
                    writer.uint32(/* id 2, wireType 2 =*/18).string(message.token);
                if (message.servers != null && message.servers.length)
                    for (let i = 0; i < message.servers.length; ++i)
                        writer.uint32(/* id 3, wireType 2 =*/26).string(message.servers[i]);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes an ApiAuthReply message from the specified reader or buffer.
             * @function decode
             * @memberof glide.v1.ApiAuthReply
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {glide.v1.ApiAuthReply & glide.v1.ApiAuthReply.$Shape} ApiAuthReply
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            ApiAuthReply.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.glide.v1.ApiAuthReply();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 0)
                                break;
                            message.uid = reader.int64();
                            message._uid = "uid";
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            message.token = reader.stringVerify();
                            message._token = "token";
                            continue;
                        }
                    case 3: {
                            if (wireType !== 2)
                                break;
                            if (!(message.servers && message.servers.length))
                                message.servers = [];
                            message.servers.push(reader.stringVerify());
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            return ApiAuthReply;
        })();

        v1.FailedSend = (function() {

            /**
             * Properties of a FailedSend.
             * @typedef {Object} glide.v1.FailedSend.$Properties
             * @property {number|null} [mid] FailedSend mid
             * @property {string|null} [cliMid] FailedSend cliMid
             * @property {string|null} [reason] FailedSend reason
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a FailedSend.
             * @memberof glide.v1
             * @interface IFailedSend
             * @augments glide.v1.FailedSend.$Properties
             * @deprecated Use glide.v1.FailedSend.$Properties instead.
             */

            /**
             * Shape of a FailedSend.
             * @typedef {glide.v1.FailedSend.$Properties} glide.v1.FailedSend.$Shape
             */

            /**
             * Constructs a new FailedSend.
             * @memberof glide.v1
             * @classdesc Represents a FailedSend.
             * @constructor
             * @param {glide.v1.FailedSend.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const FailedSend = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * FailedSend mid.
             * @member {number|null|undefined} mid
             * @memberof glide.v1.FailedSend
             * @instance
             */
            FailedSend.prototype.mid = null;

            /**
             * FailedSend cliMid.
             * @member {string|null|undefined} cliMid
             * @memberof glide.v1.FailedSend
             * @instance
             */
            FailedSend.prototype.cliMid = null;

            /**
             * FailedSend reason.
             * @member {string|null|undefined} reason
             * @memberof glide.v1.FailedSend
             * @instance
             */
            FailedSend.prototype.reason = null;

            // OneOf field names bound to virtual getters and setters
            let $oneOfFields;

            // Virtual OneOf for proto3 optional field
            $Object.defineProperty(FailedSend.prototype, "_mid", {
                get: $util.oneOfGetter($oneOfFields = ["mid"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            // Virtual OneOf for proto3 optional field
            $Object.defineProperty(FailedSend.prototype, "_cliMid", {
                get: $util.oneOfGetter($oneOfFields = ["cliMid"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            // Virtual OneOf for proto3 optional field
            $Object.defineProperty(FailedSend.prototype, "_reason", {
                get: $util.oneOfGetter($oneOfFields = ["reason"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            /**
             * Encodes the specified FailedSend message. Does not implicitly {@link glide.v1.FailedSend.verify|verify} messages.
             * @function encode
             * @memberof glide.v1.FailedSend
             * @static
             * @param {glide.v1.FailedSend.$Properties} message FailedSend message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            FailedSend.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.mid != null && $Object.hasOwnProperty.call(message, "mid"))
                    writer.uint32(/* id 1, wireType 0 =*/8).int64(message.mid);
                if (message.cliMid != null && $Object.hasOwnProperty.call(message, "cliMid"))
                    writer.uint32(/* id 2, wireType 2 =*/18).string(message.cliMid);
                if (message.reason != null && $Object.hasOwnProperty.call(message, "reason"))
                    writer.uint32(/* id 3, wireType 2 =*/26).string(message.reason);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a FailedSend message from the specified reader or buffer.
             * @function decode
             * @memberof glide.v1.FailedSend
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {glide.v1.FailedSend & glide.v1.FailedSend.$Shape} FailedSend
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            FailedSend.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.glide.v1.FailedSend();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 0)
                                break;
                            message.mid = reader.int64();
                            message._mid = "mid";
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            message.cliMid = reader.stringVerify();
                            message._cliMid = "cliMid";
                            continue;
                        }
                    case 3: {
                            if (wireType !== 2)
                                break;
                            message.reason = reader.stringVerify();
                            message._reason = "reason";
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            return FailedSend;
        })();

        v1.KickoutNotice = (function() {

            /**
             * Properties of a KickoutNotice.
             * @typedef {Object} glide.v1.KickoutNotice.$Properties
             * @property {number|null} [device] KickoutNotice device
             * @property {string|null} [deviceName] KickoutNotice deviceName
             * @property {string|null} [reason] KickoutNotice reason
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a KickoutNotice.
             * @memberof glide.v1
             * @interface IKickoutNotice
             * @augments glide.v1.KickoutNotice.$Properties
             * @deprecated Use glide.v1.KickoutNotice.$Properties instead.
             */

            /**
             * Shape of a KickoutNotice.
             * @typedef {glide.v1.KickoutNotice.$Properties} glide.v1.KickoutNotice.$Shape
             */

            /**
             * Constructs a new KickoutNotice.
             * @memberof glide.v1
             * @classdesc Represents a KickoutNotice.
             * @constructor
             * @param {glide.v1.KickoutNotice.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const KickoutNotice = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * KickoutNotice device.
             * @member {number|null|undefined} device
             * @memberof glide.v1.KickoutNotice
             * @instance
             */
            KickoutNotice.prototype.device = null;

            /**
             * KickoutNotice deviceName.
             * @member {string|null|undefined} deviceName
             * @memberof glide.v1.KickoutNotice
             * @instance
             */
            KickoutNotice.prototype.deviceName = null;

            /**
             * KickoutNotice reason.
             * @member {string|null|undefined} reason
             * @memberof glide.v1.KickoutNotice
             * @instance
             */
            KickoutNotice.prototype.reason = null;

            // OneOf field names bound to virtual getters and setters
            let $oneOfFields;

            // Virtual OneOf for proto3 optional field
            $Object.defineProperty(KickoutNotice.prototype, "_device", {
                get: $util.oneOfGetter($oneOfFields = ["device"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            // Virtual OneOf for proto3 optional field
            $Object.defineProperty(KickoutNotice.prototype, "_deviceName", {
                get: $util.oneOfGetter($oneOfFields = ["deviceName"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            // Virtual OneOf for proto3 optional field
            $Object.defineProperty(KickoutNotice.prototype, "_reason", {
                get: $util.oneOfGetter($oneOfFields = ["reason"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            /**
             * Encodes the specified KickoutNotice message. Does not implicitly {@link glide.v1.KickoutNotice.verify|verify} messages.
             * @function encode
             * @memberof glide.v1.KickoutNotice
             * @static
             * @param {glide.v1.KickoutNotice.$Properties} message KickoutNotice message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            KickoutNotice.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.device != null && $Object.hasOwnProperty.call(message, "device"))
                    writer.uint32(/* id 1, wireType 0 =*/8).int32(message.device);
                if (message.deviceName != null && $Object.hasOwnProperty.call(message, "deviceName"))
                    writer.uint32(/* id 2, wireType 2 =*/18).string(message.deviceName);
                if (message.reason != null && $Object.hasOwnProperty.call(message, "reason"))
                    writer.uint32(/* id 3, wireType 2 =*/26).string(message.reason);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a KickoutNotice message from the specified reader or buffer.
             * @function decode
             * @memberof glide.v1.KickoutNotice
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {glide.v1.KickoutNotice & glide.v1.KickoutNotice.$Shape} KickoutNotice
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            KickoutNotice.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.glide.v1.KickoutNotice();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 0)
                                break;
                            message.device = reader.int32();
                            message._device = "device";
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            message.deviceName = reader.stringVerify();
                            message._deviceName = "deviceName";
                            continue;
                        }
                    case 3: {
                            if (wireType !== 2)
                                break;
                            message.reason = reader.stringVerify();
                            message._reason = "reason";
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            return KickoutNotice;
        })();

        v1.LoginNotice = (function() {

            /**
             * Properties of a LoginNotice.
             * @typedef {Object} glide.v1.LoginNotice.$Properties
             * @property {number|null} [uid] LoginNotice uid
             * @property {number|null} [device] LoginNotice device
             * @property {string|null} [deviceName] LoginNotice deviceName
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a LoginNotice.
             * @memberof glide.v1
             * @interface ILoginNotice
             * @augments glide.v1.LoginNotice.$Properties
             * @deprecated Use glide.v1.LoginNotice.$Properties instead.
             */

            /**
             * Shape of a LoginNotice.
             * @typedef {glide.v1.LoginNotice.$Properties} glide.v1.LoginNotice.$Shape
             */

            /**
             * Constructs a new LoginNotice.
             * @memberof glide.v1
             * @classdesc Represents a LoginNotice.
             * @constructor
             * @param {glide.v1.LoginNotice.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const LoginNotice = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * LoginNotice uid.
             * @member {number|null|undefined} uid
             * @memberof glide.v1.LoginNotice
             * @instance
             */
            LoginNotice.prototype.uid = null;

            /**
             * LoginNotice device.
             * @member {number|null|undefined} device
             * @memberof glide.v1.LoginNotice
             * @instance
             */
            LoginNotice.prototype.device = null;

            /**
             * LoginNotice deviceName.
             * @member {string|null|undefined} deviceName
             * @memberof glide.v1.LoginNotice
             * @instance
             */
            LoginNotice.prototype.deviceName = null;

            // OneOf field names bound to virtual getters and setters
            let $oneOfFields;

            // Virtual OneOf for proto3 optional field
            $Object.defineProperty(LoginNotice.prototype, "_uid", {
                get: $util.oneOfGetter($oneOfFields = ["uid"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            // Virtual OneOf for proto3 optional field
            $Object.defineProperty(LoginNotice.prototype, "_device", {
                get: $util.oneOfGetter($oneOfFields = ["device"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            // Virtual OneOf for proto3 optional field
            $Object.defineProperty(LoginNotice.prototype, "_deviceName", {
                get: $util.oneOfGetter($oneOfFields = ["deviceName"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            /**
             * Encodes the specified LoginNotice message. Does not implicitly {@link glide.v1.LoginNotice.verify|verify} messages.
             * @function encode
             * @memberof glide.v1.LoginNotice
             * @static
             * @param {glide.v1.LoginNotice.$Properties} message LoginNotice message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            LoginNotice.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.uid != null && $Object.hasOwnProperty.call(message, "uid"))
                    writer.uint32(/* id 1, wireType 0 =*/8).int64(message.uid);
                if (message.device != null && $Object.hasOwnProperty.call(message, "device"))
                    writer.uint32(/* id 2, wireType 0 =*/16).int32(message.device);
                if (message.deviceName != null && $Object.hasOwnProperty.call(message, "deviceName"))
                    writer.uint32(/* id 3, wireType 2 =*/26).string(message.deviceName);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a LoginNotice message from the specified reader or buffer.
             * @function decode
             * @memberof glide.v1.LoginNotice
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {glide.v1.LoginNotice & glide.v1.LoginNotice.$Shape} LoginNotice
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            LoginNotice.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.glide.v1.LoginNotice();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 0)
                                break;
                            message.uid = reader.int64();
                            message._uid = "uid";
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            message.device = reader.int32();
                            message._device = "device";
                            continue;
                        }
                    case 3: {
                            if (wireType !== 2)
                                break;
                            message.deviceName = reader.stringVerify();
                            message._deviceName = "deviceName";
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            return LoginNotice;
        })();

        v1.ContactNotice = (function() {

            /**
             * Properties of a ContactNotice.
             * @typedef {Object} glide.v1.ContactNotice.$Properties
             * @property {number|null} [id] ContactNotice id
             * @property {number|null} [type] ContactNotice type
             * @property {number|null} [fromId] ContactNotice fromId
             * @property {number|null} [fromType] ContactNotice fromType
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a ContactNotice.
             * @memberof glide.v1
             * @interface IContactNotice
             * @augments glide.v1.ContactNotice.$Properties
             * @deprecated Use glide.v1.ContactNotice.$Properties instead.
             */

            /**
             * Shape of a ContactNotice.
             * @typedef {glide.v1.ContactNotice.$Properties} glide.v1.ContactNotice.$Shape
             */

            /**
             * Constructs a new ContactNotice.
             * @memberof glide.v1
             * @classdesc Represents a ContactNotice.
             * @constructor
             * @param {glide.v1.ContactNotice.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const ContactNotice = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * ContactNotice id.
             * @member {number|null|undefined} id
             * @memberof glide.v1.ContactNotice
             * @instance
             */
            ContactNotice.prototype.id = null;

            /**
             * ContactNotice type.
             * @member {number|null|undefined} type
             * @memberof glide.v1.ContactNotice
             * @instance
             */
            ContactNotice.prototype.type = null;

            /**
             * ContactNotice fromId.
             * @member {number|null|undefined} fromId
             * @memberof glide.v1.ContactNotice
             * @instance
             */
            ContactNotice.prototype.fromId = null;

            /**
             * ContactNotice fromType.
             * @member {number|null|undefined} fromType
             * @memberof glide.v1.ContactNotice
             * @instance
             */
            ContactNotice.prototype.fromType = null;

            // OneOf field names bound to virtual getters and setters
            let $oneOfFields;

            // Virtual OneOf for proto3 optional field
            $Object.defineProperty(ContactNotice.prototype, "_id", {
                get: $util.oneOfGetter($oneOfFields = ["id"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            // Virtual OneOf for proto3 optional field
            $Object.defineProperty(ContactNotice.prototype, "_type", {
                get: $util.oneOfGetter($oneOfFields = ["type"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            // Virtual OneOf for proto3 optional field
            $Object.defineProperty(ContactNotice.prototype, "_fromId", {
                get: $util.oneOfGetter($oneOfFields = ["fromId"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            // Virtual OneOf for proto3 optional field
            $Object.defineProperty(ContactNotice.prototype, "_fromType", {
                get: $util.oneOfGetter($oneOfFields = ["fromType"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            /**
             * Encodes the specified ContactNotice message. Does not implicitly {@link glide.v1.ContactNotice.verify|verify} messages.
             * @function encode
             * @memberof glide.v1.ContactNotice
             * @static
             * @param {glide.v1.ContactNotice.$Properties} message ContactNotice message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            ContactNotice.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.id != null && $Object.hasOwnProperty.call(message, "id"))
                    writer.uint32(/* id 1, wireType 0 =*/8).int64(message.id);
                if (message.type != null && $Object.hasOwnProperty.call(message, "type"))
                    writer.uint32(/* id 2, wireType 0 =*/16).int32(message.type);
                if (message.fromId != null && $Object.hasOwnProperty.call(message, "fromId"))
                    writer.uint32(/* id 3, wireType 0 =*/24).int64(message.fromId);
                if (message.fromType != null && $Object.hasOwnProperty.call(message, "fromType"))
                    writer.uint32(/* id 4, wireType 0 =*/32).int32(message.fromType);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a ContactNotice message from the specified reader or buffer.
             * @function decode
             * @memberof glide.v1.ContactNotice
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {glide.v1.ContactNotice & glide.v1.ContactNotice.$Shape} ContactNotice
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            ContactNotice.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.glide.v1.ContactNotice();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 0)
                                break;
                            message.id = reader.int64();
                            message._id = "id";
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            message.type = reader.int32();
                            message._type = "type";
                            continue;
                        }
                    case 3: {
                            if (wireType !== 0)
                                break;
                            message.fromId = reader.int64();
                            message._fromId = "fromId";
                            continue;
                        }
                    case 4: {
                            if (wireType !== 0)
                                break;
                            message.fromType = reader.int32();
                            message._fromType = "fromType";
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            return ContactNotice;
        })();

        v1.PresenceEvent = (function() {

            /**
             * Properties of a PresenceEvent.
             * @typedef {Object} glide.v1.PresenceEvent.$Properties
             * @property {number|null} [uid] PresenceEvent uid
             * @property {number|null} [device] PresenceEvent device
             * @property {boolean|null} [online] PresenceEvent online
             * @property {number|null} [onlineAt] PresenceEvent onlineAt
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a PresenceEvent.
             * @memberof glide.v1
             * @interface IPresenceEvent
             * @augments glide.v1.PresenceEvent.$Properties
             * @deprecated Use glide.v1.PresenceEvent.$Properties instead.
             */

            /**
             * Shape of a PresenceEvent.
             * @typedef {glide.v1.PresenceEvent.$Properties} glide.v1.PresenceEvent.$Shape
             */

            /**
             * Constructs a new PresenceEvent.
             * @memberof glide.v1
             * @classdesc Represents a PresenceEvent.
             * @constructor
             * @param {glide.v1.PresenceEvent.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const PresenceEvent = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * PresenceEvent uid.
             * @member {number|null|undefined} uid
             * @memberof glide.v1.PresenceEvent
             * @instance
             */
            PresenceEvent.prototype.uid = null;

            /**
             * PresenceEvent device.
             * @member {number|null|undefined} device
             * @memberof glide.v1.PresenceEvent
             * @instance
             */
            PresenceEvent.prototype.device = null;

            /**
             * PresenceEvent online.
             * @member {boolean|null|undefined} online
             * @memberof glide.v1.PresenceEvent
             * @instance
             */
            PresenceEvent.prototype.online = null;

            /**
             * PresenceEvent onlineAt.
             * @member {number|null|undefined} onlineAt
             * @memberof glide.v1.PresenceEvent
             * @instance
             */
            PresenceEvent.prototype.onlineAt = null;

            // OneOf field names bound to virtual getters and setters
            let $oneOfFields;

            // Virtual OneOf for proto3 optional field
            $Object.defineProperty(PresenceEvent.prototype, "_uid", {
                get: $util.oneOfGetter($oneOfFields = ["uid"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            // Virtual OneOf for proto3 optional field
            $Object.defineProperty(PresenceEvent.prototype, "_device", {
                get: $util.oneOfGetter($oneOfFields = ["device"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            // Virtual OneOf for proto3 optional field
            $Object.defineProperty(PresenceEvent.prototype, "_online", {
                get: $util.oneOfGetter($oneOfFields = ["online"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            // Virtual OneOf for proto3 optional field
            $Object.defineProperty(PresenceEvent.prototype, "_onlineAt", {
                get: $util.oneOfGetter($oneOfFields = ["onlineAt"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            /**
             * Encodes the specified PresenceEvent message. Does not implicitly {@link glide.v1.PresenceEvent.verify|verify} messages.
             * @function encode
             * @memberof glide.v1.PresenceEvent
             * @static
             * @param {glide.v1.PresenceEvent.$Properties} message PresenceEvent message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            PresenceEvent.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.uid != null && $Object.hasOwnProperty.call(message, "uid"))
                    writer.uint32(/* id 1, wireType 0 =*/8).int64(message.uid);
                if (message.device != null && $Object.hasOwnProperty.call(message, "device"))
                    writer.uint32(/* id 2, wireType 0 =*/16).int32(message.device);
                if (message.online != null && $Object.hasOwnProperty.call(message, "online"))
                    writer.uint32(/* id 3, wireType 0 =*/24).bool(message.online);
                if (message.onlineAt != null && $Object.hasOwnProperty.call(message, "onlineAt"))
                    writer.uint32(/* id 4, wireType 0 =*/32).int64(message.onlineAt);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a PresenceEvent message from the specified reader or buffer.
             * @function decode
             * @memberof glide.v1.PresenceEvent
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {glide.v1.PresenceEvent & glide.v1.PresenceEvent.$Shape} PresenceEvent
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            PresenceEvent.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.glide.v1.PresenceEvent();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 0)
                                break;
                            message.uid = reader.int64();
                            message._uid = "uid";
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            message.device = reader.int32();
                            message._device = "device";
                            continue;
                        }
                    case 3: {
                            if (wireType !== 0)
                                break;
                            message.online = reader.bool();
                            message._online = "online";
                            continue;
                        }
                    case 4: {
                            if (wireType !== 0)
                                break;
                            message.onlineAt = reader.int64();
                            message._onlineAt = "onlineAt";
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            return PresenceEvent;
        })();

        v1.GroupNotice = (function() {

            /**
             * Properties of a GroupNotice.
             * @typedef {Object} glide.v1.GroupNotice.$Properties
             * @property {number|null} [gid] GroupNotice gid
             * @property {number|null} [mid] GroupNotice mid
             * @property {number|null} [seq] GroupNotice seq
             * @property {number|null} [type] GroupNotice type
             * @property {Array.<number>|null} [uids] GroupNotice uids
             * @property {number|null} [by] GroupNotice by
             * @property {number|null} [role] GroupNotice role
             * @property {boolean|null} [mute] GroupNotice mute
             * @property {number|null} [sendAt] GroupNotice sendAt
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a GroupNotice.
             * @memberof glide.v1
             * @interface IGroupNotice
             * @augments glide.v1.GroupNotice.$Properties
             * @deprecated Use glide.v1.GroupNotice.$Properties instead.
             */

            /**
             * Shape of a GroupNotice.
             * @typedef {glide.v1.GroupNotice.$Properties} glide.v1.GroupNotice.$Shape
             */

            /**
             * Constructs a new GroupNotice.
             * @memberof glide.v1
             * @classdesc Represents a GroupNotice.
             * @constructor
             * @param {glide.v1.GroupNotice.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const GroupNotice = function (properties) {
                this.uids = [];
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * GroupNotice gid.
             * @member {number|null|undefined} gid
             * @memberof glide.v1.GroupNotice
             * @instance
             */
            GroupNotice.prototype.gid = null;

            /**
             * GroupNotice mid.
             * @member {number|null|undefined} mid
             * @memberof glide.v1.GroupNotice
             * @instance
             */
            GroupNotice.prototype.mid = null;

            /**
             * GroupNotice seq.
             * @member {number|null|undefined} seq
             * @memberof glide.v1.GroupNotice
             * @instance
             */
            GroupNotice.prototype.seq = null;

            /**
             * GroupNotice type.
             * @member {number|null|undefined} type
             * @memberof glide.v1.GroupNotice
             * @instance
             */
            GroupNotice.prototype.type = null;

            /**
             * GroupNotice uids.
             * @member {Array.<number>} uids
             * @memberof glide.v1.GroupNotice
             * @instance
             */
            GroupNotice.prototype.uids = $util.emptyArray;

            /**
             * GroupNotice by.
             * @member {number|null|undefined} by
             * @memberof glide.v1.GroupNotice
             * @instance
             */
            GroupNotice.prototype.by = null;

            /**
             * GroupNotice role.
             * @member {number|null|undefined} role
             * @memberof glide.v1.GroupNotice
             * @instance
             */
            GroupNotice.prototype.role = null;

            /**
             * GroupNotice mute.
             * @member {boolean|null|undefined} mute
             * @memberof glide.v1.GroupNotice
             * @instance
             */
            GroupNotice.prototype.mute = null;

            /**
             * GroupNotice sendAt.
             * @member {number|null|undefined} sendAt
             * @memberof glide.v1.GroupNotice
             * @instance
             */
            GroupNotice.prototype.sendAt = null;

            // OneOf field names bound to virtual getters and setters
            let $oneOfFields;

            // Virtual OneOf for proto3 optional field
            $Object.defineProperty(GroupNotice.prototype, "_gid", {
                get: $util.oneOfGetter($oneOfFields = ["gid"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            // Virtual OneOf for proto3 optional field
            $Object.defineProperty(GroupNotice.prototype, "_mid", {
                get: $util.oneOfGetter($oneOfFields = ["mid"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            // Virtual OneOf for proto3 optional field
            $Object.defineProperty(GroupNotice.prototype, "_seq", {
                get: $util.oneOfGetter($oneOfFields = ["seq"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            // Virtual OneOf for proto3 optional field
            $Object.defineProperty(GroupNotice.prototype, "_type", {
                get: $util.oneOfGetter($oneOfFields = ["type"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            // Virtual OneOf for proto3 optional field
            $Object.defineProperty(GroupNotice.prototype, "_by", {
                get: $util.oneOfGetter($oneOfFields = ["by"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            // Virtual OneOf for proto3 optional field
            $Object.defineProperty(GroupNotice.prototype, "_role", {
                get: $util.oneOfGetter($oneOfFields = ["role"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            // Virtual OneOf for proto3 optional field
            $Object.defineProperty(GroupNotice.prototype, "_mute", {
                get: $util.oneOfGetter($oneOfFields = ["mute"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            // Virtual OneOf for proto3 optional field
            $Object.defineProperty(GroupNotice.prototype, "_sendAt", {
                get: $util.oneOfGetter($oneOfFields = ["sendAt"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            /**
             * Encodes the specified GroupNotice message. Does not implicitly {@link glide.v1.GroupNotice.verify|verify} messages.
             * @function encode
             * @memberof glide.v1.GroupNotice
             * @static
             * @param {glide.v1.GroupNotice.$Properties} message GroupNotice message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            GroupNotice.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.gid != null && $Object.hasOwnProperty.call(message, "gid"))
                    writer.uint32(/* id 1, wireType 0 =*/8).int64(message.gid);
                if (message.mid != null && $Object.hasOwnProperty.call(message, "mid"))
                    writer.uint32(/* id 2, wireType 0 =*/16).int64(message.mid);
                if (message.seq != null && $Object.hasOwnProperty.call(message, "seq"))
                    writer.uint32(/* id 3, wireType 0 =*/24).int64(message.seq);
                if (message.type != null && $Object.hasOwnProperty.call(message, "type"))
                    writer.uint32(/* id 4, wireType 0 =*/32).int32(message.type);
                if (message.uids != null && message.uids.length)
                    writer.uint32(/* id 5, wireType 2 =*/42).int64s(message.uids);
                if (message.by != null && $Object.hasOwnProperty.call(message, "by"))
                    writer.uint32(/* id 6, wireType 0 =*/48).int64(message.by);
                if (message.role != null && $Object.hasOwnProperty.call(message, "role"))
                    writer.uint32(/* id 7, wireType 0 =*/56).int32(message.role);
                if (message.mute != null && $Object.hasOwnProperty.call(message, "mute"))
                    writer.uint32(/* id 8, wireType 0 =*/64).bool(message.mute);
                if (message.sendAt != null && $Object.hasOwnProperty.call(message, "sendAt"))
                    writer.uint32(/* id 9, wireType 0 =*/72).int64(message.sendAt);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a GroupNotice message from the specified reader or buffer.
             * @function decode
             * @memberof glide.v1.GroupNotice
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {glide.v1.GroupNotice & glide.v1.GroupNotice.$Shape} GroupNotice
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            GroupNotice.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.glide.v1.GroupNotice();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 0)
                                break;
                            message.gid = reader.int64();
                            message._gid = "gid";
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            message.mid = reader.int64();
                            message._mid = "mid";
                            continue;
                        }
                    case 3: {
                            if (wireType !== 0)
                                break;
                            message.seq = reader.int64();
                            message._seq = "seq";
                            continue;
                        }
                    case 4: {
                            if (wireType !== 0)
                                break;
                            message.type = reader.int32();
                            message._type = "type";
                            continue;
                        }
                    case 5: {
                            if (wireType === 2) {
                                if (!(message.uids && message.uids.length))
                                    message.uids = [];
                                reader.int64s(message.uids);
                                continue;
                            }
                            if (wireType !== 0)
                                break;
                            if (!(message.uids && message.uids.length))
                                message.uids = [];
                            message.uids.push(reader.int64());
                            continue;
                        }
                    case 6: {
                            if (wireType !== 0)
                                break;
                            message.by = reader.int64();
                            message._by = "by";
                            continue;
                        }
                    case 7: {
                            if (wireType !== 0)
                                break;
                            message.role = reader.int32();
                            message._role = "role";
                            continue;
                        }
                    case 8: {
                            if (wireType !== 0)
                                break;
                            message.mute = reader.bool();
                            message._mute = "mute";
                            continue;
                        }
                    case 9: {
                            if (wireType !== 0)
                                break;
                            message.sendAt = reader.int64();
                            message._sendAt = "sendAt";
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            return GroupNotice;
        })();

        v1.MessageEvent = (function() {

            /**
             * Properties of a MessageEvent.
             * @typedef {Object} glide.v1.MessageEvent.$Properties
             * @property {number|null} [mid] MessageEvent mid
             * @property {number|null} [seq] MessageEvent seq
             * @property {number|null} [from] MessageEvent from
             * @property {number|null} [to] MessageEvent to
             * @property {string|null} [kind] MessageEvent kind
             * @property {number|null} [target] MessageEvent target
             * @property {string|null} [content] MessageEvent content
             * @property {string|null} [key] MessageEvent key
             * @property {boolean|null} [isOn] MessageEvent isOn
             * @property {number|null} [at] MessageEvent at
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a MessageEvent.
             * @memberof glide.v1
             * @interface IMessageEvent
             * @augments glide.v1.MessageEvent.$Properties
             * @deprecated Use glide.v1.MessageEvent.$Properties instead.
             */

            /**
             * Shape of a MessageEvent.
             * @typedef {glide.v1.MessageEvent.$Properties} glide.v1.MessageEvent.$Shape
             */

            /**
             * Constructs a new MessageEvent.
             * @memberof glide.v1
             * @classdesc Represents a MessageEvent.
             * @constructor
             * @param {glide.v1.MessageEvent.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const MessageEvent = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * MessageEvent mid.
             * @member {number|null|undefined} mid
             * @memberof glide.v1.MessageEvent
             * @instance
             */
            MessageEvent.prototype.mid = null;

            /**
             * MessageEvent seq.
             * @member {number|null|undefined} seq
             * @memberof glide.v1.MessageEvent
             * @instance
             */
            MessageEvent.prototype.seq = null;

            /**
             * MessageEvent from.
             * @member {number|null|undefined} from
             * @memberof glide.v1.MessageEvent
             * @instance
             */
            MessageEvent.prototype.from = null;

            /**
             * MessageEvent to.
             * @member {number|null|undefined} to
             * @memberof glide.v1.MessageEvent
             * @instance
             */
            MessageEvent.prototype.to = null;

            /**
             * MessageEvent kind.
             * @member {string|null|undefined} kind
             * @memberof glide.v1.MessageEvent
             * @instance
             */
            MessageEvent.prototype.kind = null;

            /**
             * MessageEvent target.
             * @member {number|null|undefined} target
             * @memberof glide.v1.MessageEvent
             * @instance
             */
            MessageEvent.prototype.target = null;

            /**
             * MessageEvent content.
             * @member {string|null|undefined} content
             * @memberof glide.v1.MessageEvent
             * @instance
             */
            MessageEvent.prototype.content = null;

            /**
             * MessageEvent key.
             * @member {string|null|undefined} key
             * @memberof glide.v1.MessageEvent
             * @instance
             */
            MessageEvent.prototype.key = null;

            /**
             * MessageEvent isOn.
             * @member {boolean|null|undefined} isOn
             * @memberof glide.v1.MessageEvent
             * @instance
             */
            MessageEvent.prototype.isOn = null;

            /**
             * MessageEvent at.
             * @member {number|null|undefined} at
             * @memberof glide.v1.MessageEvent
             * @instance
             */
            MessageEvent.prototype.at = null;

            // OneOf field names bound to virtual getters and setters
            let $oneOfFields;

            // Virtual OneOf for proto3 optional field
            $Object.defineProperty(MessageEvent.prototype, "_mid", {
                get: $util.oneOfGetter($oneOfFields = ["mid"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            // Virtual OneOf for proto3 optional field
            $Object.defineProperty(MessageEvent.prototype, "_seq", {
                get: $util.oneOfGetter($oneOfFields = ["seq"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            // Virtual OneOf for proto3 optional field
            $Object.defineProperty(MessageEvent.prototype, "_from", {
                get: $util.oneOfGetter($oneOfFields = ["from"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            // Virtual OneOf for proto3 optional field
            $Object.defineProperty(MessageEvent.prototype, "_to", {
                get: $util.oneOfGetter($oneOfFields = ["to"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            // Virtual OneOf for proto3 optional field
            $Object.defineProperty(MessageEvent.prototype, "_kind", {
                get: $util.oneOfGetter($oneOfFields = ["kind"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            // Virtual OneOf for proto3 optional field
            $Object.defineProperty(MessageEvent.prototype, "_target", {
                get: $util.oneOfGetter($oneOfFields = ["target"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            // Virtual OneOf for proto3 optional field
            $Object.defineProperty(MessageEvent.prototype, "_content", {
                get: $util.oneOfGetter($oneOfFields = ["content"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            // Virtual OneOf for proto3 optional field
            $Object.defineProperty(MessageEvent.prototype, "_key", {
                get: $util.oneOfGetter($oneOfFields = ["key"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            // Virtual OneOf for proto3 optional field
            $Object.defineProperty(MessageEvent.prototype, "_isOn", {
                get: $util.oneOfGetter($oneOfFields = ["isOn"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            // Virtual OneOf for proto3 optional field
            $Object.defineProperty(MessageEvent.prototype, "_at", {
                get: $util.oneOfGetter($oneOfFields = ["at"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            /**
             * Encodes the specified MessageEvent message. Does not implicitly {@link glide.v1.MessageEvent.verify|verify} messages.
             * @function encode
             * @memberof glide.v1.MessageEvent
             * @static
             * @param {glide.v1.MessageEvent.$Properties} message MessageEvent message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            MessageEvent.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.mid != null && $Object.hasOwnProperty.call(message, "mid"))
                    writer.uint32(/* id 1, wireType 0 =*/8).int64(message.mid);
                if (message.seq != null && $Object.hasOwnProperty.call(message, "seq"))
                    writer.uint32(/* id 2, wireType 0 =*/16).int64(message.seq);
                if (message.from != null && $Object.hasOwnProperty.call(message, "from"))
                    writer.uint32(/* id 3, wireType 0 =*/24).int64(message.from);
                if (message.to != null && $Object.hasOwnProperty.call(message, "to"))
                    writer.uint32(/* id 4, wireType 0 =*/32).int64(message.to);
                if (message.kind != null && $Object.hasOwnProperty.call(message, "kind"))
                    writer.uint32(/* id 5, wireType 2 =*/42).string(message.kind);
                if (message.target != null && $Object.hasOwnProperty.call(message, "target"))
                    writer.uint32(/* id 6, wireType 0 =*/48).int64(message.target);
                if (message.content != null && $Object.hasOwnProperty.call(message, "content"))
                    writer.uint32(/* id 7, wireType 2 =*/58).string(message.content);
                if (message.key != null && $Object.hasOwnProperty.call(message, "key"))
                    writer.uint32(/* id 8, wireType 2 =*/66).string(message.key);
                if (message.isOn != null && $Object.hasOwnProperty.call(message, "isOn"))
                    writer.uint32(/* id 9, wireType 0 =*/72).bool(message.isOn);
                if (message.at != null && $Object.hasOwnProperty.call(message, "at"))
                    writer.uint32(/* id 10, wireType 0 =*/80).int64(message.at);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a MessageEvent message from the specified reader or buffer.
             * @function decode
             * @memberof glide.v1.MessageEvent
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {glide.v1.MessageEvent & glide.v1.MessageEvent.$Shape} MessageEvent
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            MessageEvent.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.glide.v1.MessageEvent();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 0)
                                break;
                            message.mid = reader.int64();
                            message._mid = "mid";
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            message.seq = reader.int64();
                            message._seq = "seq";
                            continue;
                        }
                    case 3: {
                            if (wireType !== 0)
                                break;
                            message.from = reader.int64();
                            message._from = "from";
                            continue;
                        }
                    case 4: {
                            if (wireType !== 0)
                                break;
                            message.to = reader.int64();
                            message._to = "to";
                            continue;
                        }
                    case 5: {
                            if (wireType !== 2)
                                break;
                            message.kind = reader.stringVerify();
                            message._kind = "kind";
                            continue;
                        }
                    case 6: {
                            if (wireType !== 0)
                                break;
                            message.target = reader.int64();
                            message._target = "target";
                            continue;
                        }
                    case 7: {
                            if (wireType !== 2)
                                break;
                            message.content = reader.stringVerify();
                            message._content = "content";
                            continue;
                        }
                    case 8: {
                            if (wireType !== 2)
                                break;
                            message.key = reader.stringVerify();
                            message._key = "key";
                            continue;
                        }
                    case 9: {
                            if (wireType !== 0)
                                break;
                            message.isOn = reader.bool();
                            message._isOn = "isOn";
                            continue;
                        }
                    case 10: {
                            if (wireType !== 0)
                                break;
                            message.at = reader.int64();
                            message._at = "at";
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            return MessageEvent;
        })();

        v1.RecallContent = (function() {

            /**
             * Properties of a RecallContent.
             * @typedef {Object} glide.v1.RecallContent.$Properties
             * @property {number|null} [mid] RecallContent mid
             * @property {number|null} [recallBy] RecallContent recallBy
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a RecallContent.
             * @memberof glide.v1
             * @interface IRecallContent
             * @augments glide.v1.RecallContent.$Properties
             * @deprecated Use glide.v1.RecallContent.$Properties instead.
             */

            /**
             * Shape of a RecallContent.
             * @typedef {glide.v1.RecallContent.$Properties} glide.v1.RecallContent.$Shape
             */

            /**
             * Constructs a new RecallContent.
             * @memberof glide.v1
             * @classdesc Represents a RecallContent.
             * @constructor
             * @param {glide.v1.RecallContent.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const RecallContent = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * RecallContent mid.
             * @member {number|null|undefined} mid
             * @memberof glide.v1.RecallContent
             * @instance
             */
            RecallContent.prototype.mid = null;

            /**
             * RecallContent recallBy.
             * @member {number|null|undefined} recallBy
             * @memberof glide.v1.RecallContent
             * @instance
             */
            RecallContent.prototype.recallBy = null;

            // OneOf field names bound to virtual getters and setters
            let $oneOfFields;

            // Virtual OneOf for proto3 optional field
            $Object.defineProperty(RecallContent.prototype, "_mid", {
                get: $util.oneOfGetter($oneOfFields = ["mid"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            // Virtual OneOf for proto3 optional field
            $Object.defineProperty(RecallContent.prototype, "_recallBy", {
                get: $util.oneOfGetter($oneOfFields = ["recallBy"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            /**
             * Encodes the specified RecallContent message. Does not implicitly {@link glide.v1.RecallContent.verify|verify} messages.
             * @function encode
             * @memberof glide.v1.RecallContent
             * @static
             * @param {glide.v1.RecallContent.$Properties} message RecallContent message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            RecallContent.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.mid != null && $Object.hasOwnProperty.call(message, "mid"))
                    writer.uint32(/* id 1, wireType 0 =*/8).int64(message.mid);
                if (message.recallBy != null && $Object.hasOwnProperty.call(message, "recallBy"))
                    writer.uint32(/* id 2, wireType 0 =*/16).int64(message.recallBy);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a RecallContent message from the specified reader or buffer.
             * @function decode
             * @memberof glide.v1.RecallContent
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {glide.v1.RecallContent & glide.v1.RecallContent.$Shape} RecallContent
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            RecallContent.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.glide.v1.RecallContent();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 0)
                                break;
                            message.mid = reader.int64();
                            message._mid = "mid";
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            message.recallBy = reader.int64();
                            message._recallBy = "recallBy";
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            return RecallContent;
        })();

        return v1;
    })();

    return glide;
})();

export {
  $root as default
};

// The best-known passwords: the top of every leaked-password list, and the
// keyboard walks, digit runs and word-plus-digits patterns that fill the rest
// of it. The password rule refuses them whatever their case. Most are shorter
// than the minimum length and refused for that anyway; they stay on the list
// so the rule holds if the minimum ever changes.
const WORDS = `
123456 123456789 12345678 12345 1234567 1234567890 123123 111111 000000 654321
666666 121212 112233 123321 7777777 888888 987654321 9876543210 0987654321 1111111111
0000000000 1234512345 1122334455 1212121212 1231231231 0123456789 01234567890 12345678910 123456789a 123456789q
1q2w3e4r 1q2w3e4r5t 1q2w3e4r5t6y 1qaz2wsx 1qaz2wsx3edc 1qazxsw2 2wsx3edc zaq12wsx zaq1zaq1 q1w2e3r4t5
a1b2c3d4e5 abc123 abc12345 abcd1234 abcdef abcdefg abcdefgh abcdefghij abcde12345 abc1234567
qwerty qwerty123 qwerty1234 qwerty12345 qwertyuiop qwertyuiop123 qwertyuiop1 qwertyui qwert12345 qwer1234
qwerty1 qwertz qwertzuiop azerty azertyuiop asdfgh asdfghjkl asdfghjkl1 asdf1234 asdfasdf
asdfghjkl123 zxcvbnm zxcvbnm123 zxcvbnm1 zxcvbn qazwsx qazwsxedc qazwsxedcrfv 1qaz2wsx3edc4rfv poiuytrewq
password password1 password12 password123 password1234 password12345 password! password1! passw0rd passw0rd123
p@ssword p@ssw0rd p@ssw0rd123 pa55word pa55w0rd passwort passwort123 motdepasse contraseña senha
mypassword mypassword1 mypassword123 newpassword newpassword1 newpassword123 changeme changeme123 changeme1 changethis
letmein letmein1 letmein123 welcome welcome1 welcome123 welcome1234 welcome2024 welcome2025 welcome2026
secret secret123 secret1234 topsecret topsecret1 supersecret supersecret1 trustno1 trustno1234 nopassword
default default123 guest guest123 temp1234 temppassword temporary temporary1 test1234 test123456
testtest testing123 testpassword administrator admin admin123 admin1234 admin12345 adminadmin
administrator1 root root1234 toor rootroot superuser superman superman1 batman batman123
iloveyou iloveyou1 iloveyou2 iloveyou123 iloveu ilovegod ilovemyself iloveyou12 loveyou lovely
princess princess1 sunshine sunshine1 sunshine123 monkey monkey123 dragon dragon123 master master123
football football1 football123 baseball baseball1 basketball basketball1 soccer soccer123 hockey hockey123
michael jennifer jordan23 michelle charlie charlie123 daniel daniel123 andrew thomas
jessica ashley nicole matthew joshua anthony hannah jordan robert william
shadow shadow123 starwars starwars1 pokemon pokemon123 minecraft minecraft1 freedom freedom1 whatever
whatever1 computer computer1 internet internet1 samsung samsung123 google google123 facebook facebook1
liverpool chelsea arsenal barcelona realmadrid manchester juventus 1234qwer qwer4321 4321qwer
hello hello123 hello1234 helloworld helloworld1 hellohello goodbye flower flower123 butterfly
chocolate chocolate1 cookie cookie123 cheese cheese123 summer summer123 summer2024 summer2025 winter2025
spring2025 autumn2025 january february november december monday friday sunday weekend
blink182 qwerty!@# !@#$%^&* !@#$%^&*() 1q2w3e 1q2w3e4r! aa123456 aa12345678 a123456 a12345678
a123456789 q123456 q1234567 q12345678 q123456789 qwe123 qwe123456 qweasd qweasdzxc qweasdzxc123
asd123 asdasd asdasd123 zxc123 zxcasdqwe 147258369 159753 159357 147258 741852963
963852741 789456123 789456 456789 123654 123654789 1234554321 5201314 1314520 520520
00000000 11111111 12121212 22222222 55555555 99999999 88888888 123456780 999999999 111222333
aaaaaa aaaaaaaa aaaaaaaaaa abcabc abcabc123 asdfqwer zaq!2wsx !qaz2wsx 1qaz!qaz 1qaz@wsx
loveme lovelove iloveme sweetheart sweetie angel angel123 angels babygirl baby123
mustang ferrari porsche corvette harley yamaha mercedes chevrolet ford123 toyota
killer ninja ninja123 hunter hunter2 hunter123 ranger tigger tigger123 jordan123
maggie buster ginger pepper daisy bailey charlie1 lucky lucky123 lucky7777
cowboys eagles yankees steelers packers lakers warriors redskins dallas123 boston123
matrix matrix123 orange orange123 banana banana123 apple123 apples purple purple123
silver silver123 golden golden123 diamond diamond123 yellow yellow123 blue123 red12345
doctor doctor123 nurse123 medicine medicine1 hospital hospital1 physician clinic123 patient123 healthcare
tandem tandem123 tandem1234 tandempassword researcher rater123 physician1 doctorwho doctor1234 medical123
`;

export const COMMON_PASSWORDS: ReadonlySet<string> = new Set(WORDS.split(/\s+/).filter(Boolean).map((w) => w.toLowerCase()));
